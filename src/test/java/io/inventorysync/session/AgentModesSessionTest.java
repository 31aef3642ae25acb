package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ModuleCheck, MetadataDelta and delete_agent through the running service (behaviour.md §6, §7). */
@ExtendWith(TestIndexer.Extension.class)
class AgentModesSessionTest {

    static final String INDEX = "wazuh-states-inventory-e2e-packages";

    private static RunningService service;
    private static IndexerQueries indexer;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        service = RunningService.start(testIndexer.writeOssecConf(dir), dir.resolve("store"), Map.of());
        indexer = new IndexerQueries(testIndexer, dir);
        // the Wazuh templates map these as keyword; dynamic mapping would make them text
        indexer.call("PUT", "/_index_template/inventory-sync-e2e", """
                {"index_patterns":["wazuh-states-inventory-e2e-*"],"priority":300,"template":{"mappings":{"properties":{
                 "wazuh":{"properties":{"agent":{"properties":{"id":{"type":"keyword"},"name":{"type":"keyword"}}},
                                        "cluster":{"properties":{"name":{"type":"keyword"}}}}},
                 "checksum":{"properties":{"hash":{"properties":{"sha1":{"type":"keyword"}}}}}}}}}""");
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void moduleCheckComparesTheChecksumOfWhatWasAcknowledged() throws Exception {
        List<Item> items = List.of(hashed("a", "bbb"), hashed("b", "aaa"), hashed("c", "ccc"));
        assertThat(sync("40", Mode.ModuleFull, items).end().status()).isEqualTo(Status.Ok);
        String expected = sha1("aaabbbccc");
        assertThat(check("40", expected)).isEqualTo(Status.Ok);
        assertThat(check("40", sha1("something else"))).isEqualTo(Status.ChecksumMismatch);
        assertThat(check("41", sha1(""))).isEqualTo(Status.Ok);
    }

    @Test
    void metadataDeltaRewritesTheAgentFields() throws Exception {
        assertThat(sync("42", Mode.ModuleFull, List.of(hashed("a", "x"))).end().status())
                .isEqualTo(Status.Ok);
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            StartSpec start = StartSpec.defaults()
                    .agentid("42")
                    .agentname("renamed")
                    .mode(Mode.MetadataDelta)
                    .size(0)
                    .globalVersion(10)
                    .indices(List.of(INDEX, ".security"));
            SimulatedAgent.Result result = agent.sync(start, List.of(), Set.of());
            assertThat(result.end().status()).isEqualTo(Status.Ok);
        }
        assertThat(indexer.source(INDEX, "wazuh_042_a")
                        .path("wazuh")
                        .path("agent")
                        .path("name")
                        .asText())
                .isEqualTo("renamed");
        assertThat(indexer.source(INDEX, "wazuh_042_a")
                        .path("state")
                        .path("document_version")
                        .asLong())
                .isEqualTo(10);
    }

    @Test
    void deleteAgentCommandRemovesOnlyThatAgentsDocuments() throws Exception {
        assertThat(sync("43", Mode.ModuleFull, List.of(hashed("a", "x"), hashed("b", "y")))
                        .end()
                        .status())
                .isEqualTo(Status.Ok);
        assertThat(sync("44", Mode.ModuleFull, List.of(hashed("a", "x"))).end().status())
                .isEqualTo(Status.Ok);
        NotifyBuilder done = new NotifyBuilder(service.context())
                .fromRoute("agent-commands")
                .whenDone(2)
                .create();
        try (RouterClient router = service.connect()) {
            router.publish("{\"command\":\"delete_agent\",\"agent_id\":\"43\"}\0".getBytes(StandardCharsets.UTF_8));
            router.publish("{\"command\":\"delete_agent\",\"agent_id\":\"../*\"}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(indexer.count(INDEX, "043")).isZero();
        assertThat(indexer.count(INDEX, "044")).isEqualTo(1);
    }

    private static byte check(String agentId, String checksum) throws Exception {
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(StartSpec.defaults()
                            .agentid(agentId)
                            .mode(Mode.ModuleCheck)
                            .size(0)
                            .indices(List.of(INDEX)))
                    .session();
            router.publish(AgentMessages.checksumModule(session, INDEX, checksum));
            router.publish(AgentMessages.end(session));
            return SessionSyncTest.finalEndAck(agent).status();
        }
    }

    private static SimulatedAgent.Result sync(String agentId, byte mode, List<Item> items) throws Exception {
        try (RouterClient router = service.connect()) {
            return new SimulatedAgent(router)
                    .sync(StartSpec.defaults().agentid(agentId).mode(mode).indices(List.of(INDEX)), items, Set.of());
        }
    }

    private static Value hashed(String id, String hash) {
        return new Value(
                Operation.Upsert,
                id,
                INDEX,
                0,
                ("{\"checksum\":{\"hash\":{\"sha1\":\"" + hash + "\"}}}").getBytes(StandardCharsets.UTF_8));
    }

    private static String sha1(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
