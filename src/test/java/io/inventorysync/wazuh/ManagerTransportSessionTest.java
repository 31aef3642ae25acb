package io.inventorysync.wazuh;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Pair;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import com.fasterxml.jackson.databind.JsonNode;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.ProviderLink;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.ManagerEmulator;
import io.inventorysync.testsupport.RemotedArQueue;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.ServiceBesideManager;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
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

/**
 * Whole sessions beside an emulated manager (wazuh-manager-transport.md): messages published on the router broker's
 * topic, responses delivered by remoted's AR queue, documents in the real indexer.
 */
@ExtendWith(TestIndexer.Extension.class)
class ManagerTransportSessionTest {

    static final String PACKAGES = "wazuh-states-inventory-manager-packages";
    /** Written only by this class, after its template (checksum.hash.sha1 as keyword) is in place. */
    static final String CHECKS = "wazuh-states-inventory-manager-checks";

    private static ServiceBesideManager running;
    private static ManagerEmulator manager;
    private static RunningService service;
    private static IndexerQueries indexer;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        running = ServiceBesideManager.start(testIndexer, dir, Map.of());
        manager = running.manager();
        service = running.service();
        indexer = new IndexerQueries(testIndexer, dir);
        // the Wazuh templates map these as keyword; dynamic mapping would make them text
        JsonNode template = indexer.call("PUT", "/_index_template/inventory-sync-manager", """
                {"index_patterns":["wazuh-states-inventory-manager-*"],"priority":300,"template":{"mappings":{"properties":{
                 "wazuh":{"properties":{"agent":{"properties":{"id":{"type":"keyword"},"name":{"type":"keyword"}}},
                                        "cluster":{"properties":{"name":{"type":"keyword"}}}}},
                 "checksum":{"properties":{"hash":{"properties":{"sha1":{"type":"keyword"}}}}}}}}}""");
        assertThat(template.path("acknowledged").asBoolean())
                .as("template: %s", template)
                .isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
        indexer.close();
    }

    @Test
    void aFullSyncGoesStartToEndAckOverTheBrokerAndTheArQueue() throws Exception {
        try (ProviderLink link = manager.link("050")) {
            SimulatedAgent.Result result =
                    new SimulatedAgent(link).sync(start("50", Mode.ModuleFull), packages("050", 120), Set.of());
            assertThat(result.start().status()).isEqualTo(Status.Ok);
            assertThat(result.end().status()).isEqualTo(Status.Ok);
        }
        assertThat(indexer.count(PACKAGES, "050")).isEqualTo(120);
        assertThat(indexer.source(PACKAGES, "wazuh_050_pkg-7")
                        .path("wazuh")
                        .path("agent")
                        .path("id")
                        .asText())
                .isEqualTo("050");
        assertThat(manager.ar().rejected()).isEmpty();
    }

    @Test
    void aStartAckDatagramIsAddressedToTheKeystoreSpellingOfTheAgent() throws Exception {
        try (ProviderLink link = manager.link("051")) {
            link.publish(AgentMessages.start(start("51", Mode.ModuleFull).size(1)));
            RemotedArQueue.Delivered d = manager.queue("051").poll(30, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(d.module()).isEqualTo("syscollector_sync");
            // "(msg_to_agent) [] N!s 051 48 syscollector_sync " + NUL + the 48-byte StartAck
            assertThat(d.payload()).hasSize(48);
            assertThat(d.datagramBytes()).isEqualTo(96);
            Message m = Message.getRootAsMessage(ByteBuffer.wrap(d.payload()));
            assertThat(m.contentType()).isEqualTo(MessageType.StartAck);
        }
    }

    @Test
    void gapsAreAskedForAgainThroughRemotedAndFilledWithoutANewEnd() throws Exception {
        List<Item> items = packages("052", 60);
        try (ProviderLink link = manager.link("052")) {
            SimulatedAgent agent = new SimulatedAgent(link);
            long session =
                    agent.start(start("52", Mode.ModuleFull).size(items.size())).session();
            agent.sendItems(session, items, Set.of(0L, 30L, 31L, 59L));
            link.publish(AgentMessages.end(session));
            Message response = agent.receive();
            assertThat(response.contentType()).isEqualTo(MessageType.ReqRet);
            ReqRet reqRet = (ReqRet) response.content(new ReqRet());
            List<String> ranges = new ArrayList<>();
            for (int i = 0; i < reqRet.seqLength(); i++) {
                Pair p = reqRet.seq(i);
                ranges.add(p.begin() + "-" + p.end());
            }
            assertThat(ranges).containsExactly("0-0", "30-31", "59-59");
            for (long seq : List.of(0L, 30L, 31L, 59L)) {
                agent.send(session, seq, items.get((int) seq));
            }
            assertThat(finalEndAck(agent)).isEqualTo(Status.Ok);
        }
        assertThat(indexer.count(PACKAGES, "052")).isEqualTo(60);
    }

    @Test
    void moduleCheckAndMetadataAnswerThroughRemoted() throws Exception {
        List<Item> items = List.of(hashed("a", "bbb"), hashed("b", "aaa"));
        try (ProviderLink link = manager.link("053")) {
            SimulatedAgent agent = new SimulatedAgent(link);
            assertThat(agent.sync(start("53", Mode.ModuleFull).indices(List.of(CHECKS)), items, Set.of())
                            .end()
                            .status())
                    .isEqualTo(Status.Ok);
            long check = agent.start(start("53", Mode.ModuleCheck).size(0).indices(List.of(CHECKS)))
                    .session();
            link.publish(AgentMessages.checksumModule(check, CHECKS, sha1("aaabbb")));
            link.publish(AgentMessages.end(check));
            assertThat(finalEndAck(agent)).isEqualTo(Status.Ok);
            SimulatedAgent.Result metadata = agent.sync(
                    start("53", Mode.MetadataDelta)
                            .size(0)
                            .indices(List.of(CHECKS))
                            .agentname("renamed")
                            .globalVersion(7),
                    List.of(),
                    Set.of());
            assertThat(metadata.end().status()).isEqualTo(Status.Ok);
        }
        assertThat(indexer.source(CHECKS, "wazuh_053_a")
                        .path("wazuh")
                        .path("agent")
                        .path("name")
                        .asText())
                .isEqualTo("renamed");
    }

    @Test
    void deleteAgentArrivesOnTheTopicAsAuthdPublishesIt() throws Exception {
        try (ProviderLink link = manager.link("054")) {
            assertThat(new SimulatedAgent(link)
                            .sync(start("54", Mode.ModuleFull), packages("054", 5), Set.of())
                            .end()
                            .status())
                    .isEqualTo(Status.Ok);
        }
        assertThat(indexer.count(PACKAGES, "054")).isEqualTo(5);
        NotifyBuilder done = new NotifyBuilder(service.context())
                .fromRoute("agent-commands")
                .whenDone(1)
                .create();
        // src/os_auth/src/main-server.c: the command, 3-padded id, one NUL (44 bytes)
        byte[] command = "{\"command\":\"delete_agent\",\"agent_id\":\"054\"}\0".getBytes(StandardCharsets.US_ASCII);
        assertThat(command).hasSize(44);
        manager.broker().publish(command);
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        assertThat(indexer.count(PACKAGES, "054")).isZero();
    }

    @Test
    void aRefusedStartIsAnsweredToThePaddedIdTheAgentIsKnownBy() throws Exception {
        try (ProviderLink link = manager.link("055")) {
            // size 0 is not valid for ModuleFull: StartAck{Error}, under the id as the keystore spells it
            link.publish(AgentMessages.start(start("55", Mode.ModuleFull).size(0)));
            RemotedArQueue.Delivered d = manager.queue("055").poll(30, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            Message m = Message.getRootAsMessage(ByteBuffer.wrap(d.payload()));
            assertThat(m.contentType()).isEqualTo(MessageType.StartAck);
            assertThat(((StartAck) m.content(new StartAck())).status()).isEqualTo(Status.Error);
        }
    }

    /** Reads EndAcks until one is not Processing; its status. */
    static byte finalEndAck(SimulatedAgent agent) throws Exception {
        while (true) {
            Message m = agent.receive();
            assertThat(m.contentType()).isEqualTo(MessageType.EndAck);
            EndAck ack = (EndAck) m.content(new EndAck());
            if (ack.status() != Status.Processing) {
                return ack.status();
            }
        }
    }

    static StartSpec start(String agentId, byte mode) {
        return StartSpec.defaults().agentid(agentId).mode(mode).indices(List.of(PACKAGES));
    }

    static List<Item> packages(String agent, int count) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new Value(
                    Operation.Upsert,
                    "pkg-" + i,
                    PACKAGES,
                    0,
                    ("{\"package\":{\"name\":\"pkg-" + i + "\"}}").getBytes(StandardCharsets.UTF_8)));
        }
        return items;
    }

    private static Value hashed(String id, String hash) {
        return new Value(
                Operation.Upsert,
                id,
                CHECKS,
                0,
                ("{\"checksum\":{\"hash\":{\"sha1\":\"" + hash + "\"}}}").getBytes(StandardCharsets.UTF_8));
    }

    private static String sha1(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
