package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.metrics.SessionStats;
import io.inventorysync.simulator.FullSessionClient;
import io.inventorysync.simulator.FullSessionMessages;
import io.inventorysync.simulator.FullSessionStart;
import io.inventorysync.simulator.SimulatedInventory;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad HTTP on the running service's FullSession socket (raw bytes over a JDK Unix channel): each is answered (or, cut
 * short, dropped) by the HTTP layer, counted in {@code sessionStats}' FullSessionHttpRefusals, leaves no bytes in
 * flight, and a good FullSession right after it is indexed with 200.
 */
@ExtendWith(TestIndexer.Extension.class)
class FullSessionBadHttpServiceTest {

    private static RunningService service;
    private static IndexerQueries indexer;
    private static Path socket;
    private static SessionStats stats;
    private static int nextAgent = 960;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        socket = dir.resolve("fs.sock");
        service = RunningService.start(
                testIndexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of("inventory.fullsession.enabled", "true", "inventory.fullsession.socket", socket.toString()));
        indexer = new IndexerQueries(testIndexer, dir);
        stats = service.bean("sessionStats", SessionStats.class);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void aGarbageRequestLineIs400() throws Exception {
        refused("GARBAGE LINE\r\n\r\n", "HTTP/1.1 400 Bad Request", "{\"error\":\"Malformed request\",\"code\":400}");
    }

    @Test
    void oversizedHeadersAre431() throws Exception {
        refused(
                "POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 1\r\nX-Padding: " + "a".repeat(20 * 1024)
                        + "\r\nContent-Length: 1\r\n\r\nx",
                "HTTP/1.1 431 Request Header Fields Too Large",
                "{\"error\":\"Request header fields too large\",\"code\":431}");
    }

    @Test
    void aTwoGibibyteContentLengthIs413BeforeAnyBody() throws Exception {
        refused(
                "POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 1\r\nContent-Length: 2147483648\r\n\r\n",
                "HTTP/1.1 413 Request Entity Too Large",
                "{\"error\":\"Body too large\",\"code\":413}");
    }

    @Test
    void chunkedIs411() throws Exception {
        refused(
                "POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n",
                "HTTP/1.1 411 Length Required",
                "{\"error\":\"Length required\",\"code\":411}");
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        refused(
                "POST /nowhere HTTP/1.1\r\nX-Wazuh-Agent-Id: 1\r\nContent-Length: 1\r\n\r\nx",
                "HTTP/1.1 404 Not Found",
                "{\"error\":\"Not found\",\"code\":404}");
    }

    @Test
    void getStatefulIs405() throws Exception {
        HttpReply reply = refused(
                "GET /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 1\r\n\r\n",
                "HTTP/1.1 405 Method Not Allowed",
                "{\"error\":\"Method not allowed\",\"code\":405}");
        assertThat(reply.header("Allow")).contains("POST");
    }

    @Test
    void aTruncatedBodyThenCloseIsDroppedAndCounted() throws Exception {
        long before = stats.getFullSessionHttpRefusals();
        try (RawHttp raw = RawHttp.unix(socket)) {
            raw.send(
                    "POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 1\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(100));
            // the 1000 bytes are charged while the body comes in
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats.getFullSessionBytesInFlight() == 1000);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats.getFullSessionHttpRefusals() == before + 1);
        afterwards(before + 1);
    }

    /** Sends {@code request}, checks the answer, then that the service counted it and still serves a good session. */
    private static HttpReply refused(String request, String statusLine, String body) throws Exception {
        long before = stats.getFullSessionHttpRefusals();
        HttpReply reply;
        try (RawHttp raw = RawHttp.unix(socket)) {
            reply = raw.send(request).receive();
        }
        assertThat(reply.statusLine()).isEqualTo(statusLine);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.header("Connection")).isEqualTo("close");
        assertThat(reply.body()).isEqualTo(body);
        assertThat(stats.getFullSessionHttpRefusals()).isEqualTo(before + 1);
        afterwards(before + 1);
        return reply;
    }

    /** A good FullSession is indexed with 200; refusals stay at {@code refusals}; nothing is left in flight. */
    private static synchronized void afterwards(long refusals) throws IOException {
        String agent = Integer.toString(nextAgent++);
        var items = SimulatedInventory.items(agent, 20, false, 0);
        FullSessionStart start = FullSessionStart.defaults()
                .agentid(agent)
                .indices(List.of(SimulatedInventory.PACKAGES, SimulatedInventory.PROCESSES));
        long okBefore = stats.getFullSessionsOk();
        FullSessionClient.Answer answer =
                FullSessionClient.unix(socket).post(agent, FullSessionMessages.syncData(start, items));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(stats.getFullSessionsOk()).isEqualTo(okBefore + 1);
        assertThat(indexer.count(SimulatedInventory.PACKAGES, agent)
                        + indexer.count(SimulatedInventory.PROCESSES, agent))
                .isEqualTo(SimulatedInventory.upserts(items));
        assertThat(stats.getFullSessionHttpRefusals()).isEqualTo(refusals);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats.getFullSessionBytesInFlight() == 0);
    }
}
