package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.FullSessionSchema.Mode;
import Wazuh.FullSessionSchema.Operation;
import io.inventorysync.simulator.FullSessionClient;
import io.inventorysync.simulator.FullSessionClient.Answer;
import io.inventorysync.simulator.FullSessionMessages;
import io.inventorysync.simulator.FullSessionStart;
import io.inventorysync.simulator.SimulatedAgent.Clean;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each second-generation session does to the real indexer (fullsession-protocol.md §3, behaviour.md §5–7): Delta
 * with the overlay and versioned upserts, Cleans then Delta (a full resync), ModuleCheck once (200 or 409), metadata
 * and group updates, the three agent-deletion routes, and noop when nothing applies.
 */
@ExtendWith(TestIndexer.Extension.class)
class FullSessionModesTest {

    static final String INDEX = "wazuh-states-inventory-fs-packages";

    private static RunningService service;
    private static IndexerQueries indexer;
    private static Path socket;
    private static FullSessionClient client;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        socket = dir.resolve("fs.sock");
        service = RunningService.start(
                testIndexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of("inventory.fullsession.enabled", "true", "inventory.fullsession.socket", socket.toString()));
        indexer = new IndexerQueries(testIndexer, dir);
        client = FullSessionClient.unix(socket);
        // the Wazuh templates map these as keyword; dynamic mapping would make them text
        indexer.call("PUT", "/_index_template/inventory-sync-fs", """
                {"index_patterns":["wazuh-states-inventory-fs-*"],"priority":300,"template":{"mappings":{"properties":{
                 "wazuh":{"properties":{"agent":{"properties":{"id":{"type":"keyword"},"name":{"type":"keyword"},
                                                          "groups":{"type":"keyword"}}},
                                        "cluster":{"properties":{"name":{"type":"keyword"}}}}},
                 "checksum":{"properties":{"hash":{"properties":{"sha1":{"type":"keyword"}}}}}}}}}""");
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void deltaIndexesWithTheSessionsAgentFieldsAndVersionedUpsertsKeepTheNewest() throws Exception {
        FullSessionStart start = start("201").agentname("web-01");
        assertThat(post(
                        start,
                        List.of(
                                doc("a", 0, "{\"n\":1,\"wazuh\":{\"agent\":{\"id\":\"999\"}}}"),
                                doc("b", 5, "{\"n\":5,\"state\":{\"document_version\":5}}"))))
                .isEqualTo("{\"status\":\"ok\"}");
        assertThat(indexer.count(INDEX, "201")).isEqualTo(2);
        // the agent's forged wazuh.agent.id is overwritten by the session's
        assertThat(indexer.source(INDEX, "wazuh_201_a")
                        .path("wazuh")
                        .path("agent")
                        .path("name")
                        .asText())
                .isEqualTo("web-01");
        assertThat(indexer.source(INDEX, "wazuh_201_a")
                        .path("wazuh")
                        .path("agent")
                        .path("id")
                        .asText())
                .isEqualTo("201");
        // an older version than the stored state.document_version is a stale upsert: accepted (200), not applied
        assertThat(post(start, List.of(doc("b", 3, "{\"n\":3,\"state\":{\"document_version\":3}}"))))
                .isEqualTo("{\"status\":\"ok\"}");
        assertThat(indexer.source(INDEX, "wazuh_201_b").path("n").asInt()).isEqualTo(5);
        assertThat(post(start, List.of(new Value(Operation.Delete, "a", INDEX, 0, new byte[0]))))
                .isEqualTo("{\"status\":\"ok\"}");
        assertThat(indexer.count(INDEX, "201")).isEqualTo(1);
    }

    @Test
    void cleansThenDeltaIsAFullResync() throws Exception {
        FullSessionStart start = start("202");
        post(start, List.of(doc("old", 0, "{}"), doc("kept", 0, "{}")));
        assertThat(indexer.count(INDEX, "202")).isEqualTo(2);
        // duplicate and foreign indices are dropped from the clean: one delete-by-query of this agent's documents
        Answer cleaned = client.post(
                "202",
                FullSessionMessages.cleans(
                        start, List.of(new Clean(INDEX), new Clean(INDEX), new Clean("not-a-state-index"))));
        assertThat(cleaned.status()).isEqualTo(200);
        assertThat(cleaned.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(indexer.count(INDEX, "202")).isZero();
        assertThat(post(start, List.of(doc("kept", 0, "{}")))).isEqualTo("{\"status\":\"ok\"}");
        assertThat(indexer.count(INDEX, "202")).isEqualTo(1);
    }

    @Test
    void moduleCheckIsAnsweredOkOrChecksumMismatchOnce() throws Exception {
        FullSessionStart start = start("203").mode(Mode.ModuleCheck);
        post(start("203"), List.of(doc("x", 0, checksumDoc("bbb")), doc("y", 0, checksumDoc("aaa"))));
        Answer ok = client.post("203", FullSessionMessages.checksum(start, INDEX, sha1("aaabbb")));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
        Answer mismatch = client.post("203", FullSessionMessages.checksum(start, INDEX, sha1("other")));
        assertThat(mismatch.status()).isEqualTo(409);
        assertThat(mismatch.body()).isEqualTo("{\"status\":\"checksum_mismatch\"}");
    }

    @Test
    void metadataAndGroupDeltasUpdateTheAgentsDocuments() throws Exception {
        post(start("204").agentname("before"), List.of(doc("m", 0, "{}")));
        Answer metadata = client.post(
                "204",
                FullSessionMessages.startOnly(
                        start("204").mode(Mode.MetadataDelta).agentname("after").globalVersion(7)));
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(indexer.source(INDEX, "wazuh_204_m")
                        .path("wazuh")
                        .path("agent")
                        .path("name")
                        .asText())
                .isEqualTo("after");
        Answer groups = client.post(
                "204",
                FullSessionMessages.startOnly(start("204")
                        .mode(Mode.GroupDelta)
                        .groups(List.of("g1", "g2"))
                        .globalVersion(8)));
        assertThat(groups.status()).isEqualTo(200);
        assertThat(indexer.source(INDEX, "wazuh_204_m")
                        .path("wazuh")
                        .path("agent")
                        .path("groups")
                        .toString())
                .isEqualTo("[\"g1\",\"g2\"]");
    }

    @Test
    void nothingToApplyIsANoop() throws Exception {
        // every value skipped (not allowlisted, no id): nothing staged
        Answer skipped = client.post(
                "205",
                FullSessionMessages.syncData(
                        start("205"), List.of(new Value(Operation.Upsert, "z", "elsewhere", 0, "{}".getBytes()))));
        assertThat(skipped.status()).isEqualTo(200);
        assertThat(skipped.body()).isEqualTo("{\"status\":\"ok\",\"noop\":true}");
        Answer cleans =
                client.post("205", FullSessionMessages.cleans(start("205"), List.of(new Clean("not-a-state-index"))));
        assertThat(cleans.body()).isEqualTo("{\"status\":\"ok\",\"noop\":true}");
        Answer metadata = client.post(
                "205",
                FullSessionMessages.startOnly(
                        start("205").mode(Mode.MetadataDelta).indices(List.of())));
        assertThat(metadata.body()).isEqualTo("{\"status\":\"ok\",\"noop\":true}");
    }

    @Test
    void everyAgentDeletionRouteDeletesTheAgentsDocuments() throws Exception {
        for (String agent : List.of("206", "207", "208")) {
            post(start(agent), List.of(doc("d", 0, "{}")));
            assertThat(indexer.count(INDEX, agent)).isEqualTo(1);
        }
        assertThat(client.deleteAgent("206").status()).isEqualTo(200);
        assertThat(raw("POST /agents/delete HTTP/1.1\r\nHost: localhost\r\nX-Wazuh-Agent-Id: 207\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
        String json = "{\"agent_id\":\"208\"}";
        assertThat(raw("POST /_internal/agents/delete HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + json.length() + "\r\nConnection: close\r\n\r\n" + json))
                .startsWith("HTTP/1.1 200 ");
        // answered once the deletion is visible: no wait
        for (String agent : List.of("206", "207", "208")) {
            assertThat(indexer.count(INDEX, agent)).isZero();
        }
    }

    private static FullSessionStart start(String agent) {
        return FullSessionStart.defaults().agentid(agent).indices(List.of(INDEX));
    }

    private static Value doc(String id, long version, String json) {
        return new Value(Operation.Upsert, id, INDEX, version, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts a SyncData session; returns the body of its 200 answer (fails otherwise). */
    private static String post(FullSessionStart start, List<? extends Item> items) throws IOException {
        Answer answer = client.post(start.agentid(), FullSessionMessages.syncData(start, new ArrayList<>(items)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static String checksumDoc(String hash) {
        return "{\"checksum\":{\"hash\":{\"sha1\":\"" + hash + "\"}}}";
    }

    private static String sha1(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** One raw request over the socket; the whole answer as text. */
    private static String raw(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer answer = ByteBuffer.allocate(4096);
            while (channel.read(answer) >= 0 && answer.hasRemaining()) {
                // read until the service closes
            }
            return new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8);
        }
    }
}
