package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.MessageType;
import Wazuh.FullSessionSchema.Mode;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.flatbuffers.FlatBufferBuilder;
import io.inventorysync.simulator.FullSessionClient;
import io.inventorysync.simulator.FullSessionClient.Answer;
import io.inventorysync.simulator.FullSessionMessages;
import io.inventorysync.simulator.FullSessionStart;
import io.inventorysync.simulator.SimulatedAgent.Clean;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.simulator.SimulatedInventory;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check of fullsession-protocol.md §3, in its order, against the running service's FullSession door on a Unix
 * socket and the real indexer: the exact status and JSON body of each refusal, the answer head (JSON, close), and that
 * a refused session writes nothing.
 */
@ExtendWith(TestIndexer.Extension.class)
class FullSessionAnswersTest {

    private static final List<String> INDICES = List.of(SimulatedInventory.PACKAGES, SimulatedInventory.PROCESSES);

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
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void everyCheckAnswersItsExactStatusAndBodyInOrder() throws Exception {
        // 1. the HTTP layer: no agent header, empty body
        try (RawHttp raw = RawHttp.unix(socket)) {
            HttpReply reply = raw.send("POST /stateful HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n"
                            + "Connection: close\r\n\r\nabcd")
                    .receive();
            assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            assertThat(reply.header("Connection")).isEqualTo("close");
            assertThat(reply.body()).isEqualTo(error("Missing x-wazuh-agent-id header", 400));
        }
        expect(client.post("1", ByteBuffer.allocate(0)), 400, error("Empty body", 400));

        // 2. verifier, message type, start, module
        expect(
                client.post("1", ByteBuffer.wrap("this is not a flatbuffer at all".getBytes(StandardCharsets.UTF_8))),
                400,
                error("Body is not a valid inventory sync message", 400));
        expect(
                client.post("1", startMessage(FullSessionStart.defaults().agentid("1"))),
                400,
                error("Unsupported message type: expected FullSession", 400));
        expect(client.post("1", fullSessionWithoutStart()), 400, error("FullSession is missing its start table", 400));
        expect(
                client.post("1", values(base("1").module(""), items("1"))),
                400,
                error("Start is missing the module name", 400));

        // 3. identity
        expect(client.post("1", values(base("abc"), items("1"))), 400, error("Agent id must be numeric", 400));
        expect(client.post("7", values(base("8"), items("8"))), 403, error("identity mismatch", 403));
        expect(client.post("7", values(base("007"), items("007"))), 200, "{\"status\":\"ok\"}");

        // 4. cluster
        expect(
                client.post("7", values(base("7").clusterName(""), items("7"))),
                400,
                error("Start is missing the cluster name", 400));
        expect(
                client.post("7", values(base("7").clusterName("another-cluster"), items("7"))),
                403,
                error("identity mismatch", 403));

        // 5. mode x payload and the payload's shape
        expect(
                client.post("7", values(base("7").mode(Mode.ModuleCheck), items("7"))),
                400,
                error("Invalid mode/payload combination", 400));
        expect(
                client.post(
                        "7",
                        FullSessionMessages.cleans(
                                base("7").mode(Mode.MetadataDelta), List.of(new Clean(SimulatedInventory.PACKAGES)))),
                400,
                error("Invalid mode/payload combination", 400));
        expect(
                client.post("7", values(base("7"), List.of())),
                400,
                error("SyncData must carry at least one value", 400));
        expect(
                client.post("7", FullSessionMessages.cleans(base("7"), List.of())),
                400,
                error("Cleans must carry at least one item", 400));
        expect(
                client.post(
                        "7",
                        FullSessionMessages.checksum(
                                base("7").mode(Mode.ModuleCheck), "wazuh-alerts-4.x-2025.01.01", "abc123")),
                400,
                error("ChecksumModule index must be an agent-scoped state index", 400));
        expect(
                client.post(
                        "7",
                        FullSessionMessages.checksum(
                                base("7").mode(Mode.ModuleCheck), SimulatedInventory.PACKAGES, "")),
                400,
                error("ChecksumModule is missing the checksum", 400));

        // 6. an operation outside {Upsert, Delete} among valid values: nothing of the session is written
        List<Item> poisoned = new ArrayList<>(items("951"));
        poisoned.add(5, new Value((byte) 7, "pkg-odd", SimulatedInventory.PACKAGES, 0, "{}".getBytes()));
        expect(client.post("951", values(base("951"), poisoned)), 400, error("Invalid operation", 400));
        assertThat(indexer.count(SimulatedInventory.PACKAGES, "951")).isZero();
        assertThat(indexer.count(SimulatedInventory.PROCESSES, "951")).isZero();

        // the accepted 007 session was indexed under agent 007 (_id <cluster>_<agent3>_<id>)
        JsonNode doc = indexer.source(SimulatedInventory.PACKAGES, "wazuh_007_pkg-0");
        assertThat(doc).isNotNull();
        assertThat(doc.path("wazuh").path("agent").path("id").asText()).isEqualTo("007");
    }

    private static void expect(Answer answer, int status, String body) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).isEqualTo(body);
        assertThat(answer.header("content-type")).isEqualTo("application/json");
        assertThat(answer.header("connection")).isEqualTo("close");
        assertThat(answer.header("content-length"))
                .isEqualTo(Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
    }

    private static String error(String reason, int code) {
        return "{\"error\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static FullSessionStart base(String agent) {
        return FullSessionStart.defaults().agentid(agent).indices(INDICES);
    }

    private static List<Item> items(String agent) {
        return SimulatedInventory.items(agent, 10, false, 0);
    }

    private static ByteBuffer values(FullSessionStart start, List<Item> items) {
        return FullSessionMessages.syncData(start, items);
    }

    /** A well-formed second-generation Message whose content is a Start, not a FullSession. */
    private static ByteBuffer startMessage(FullSessionStart s) {
        FlatBufferBuilder b = new FlatBufferBuilder(256);
        int module = b.createString(s.module());
        int agentid = b.createString(s.agentid());
        int cluster = b.createString(s.clusterName());
        Start.startStart(b);
        Start.addModule(b, module);
        Start.addMode(b, s.mode());
        Start.addAgentid(b, agentid);
        Start.addClusterName(b, cluster);
        int start = Start.endStart(b);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.Start, start));
        return b.dataBuffer();
    }

    /** A FullSession with neither start nor payload. */
    private static ByteBuffer fullSessionWithoutStart() {
        FlatBufferBuilder b = new FlatBufferBuilder(64);
        int session = FullSession.createFullSession(b, 0, SessionPayload.NONE, 0);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.FullSession, session));
        return b.dataBuffer();
    }
}
