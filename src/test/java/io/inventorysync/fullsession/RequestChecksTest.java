package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §3 step 1, answered by the HTTP layer without the route: the agent header, an empty body, a body without
 * Content-Length, a deletion with a body. Each is counted; the route never sees them; the next good request is served.
 */
class RequestChecksTest {

    @TempDir
    Path dir;

    private FrontDoor door;

    @BeforeEach
    void start() throws Exception {
        door = FrontDoor.start(dir, "", FrontDoor.echo());
    }

    @AfterEach
    void nextGoodRequestIsServedAndNothingIsHeld() throws Exception {
        try {
            HttpReply reply = door.exchange(Requests.stateful("001", new byte[] {1}));
            assertThat(reply.body()).isEqualTo("{\"kind\":\"STATEFUL\",\"agent\":\"001\",\"bytes\":1}");
            assertThat(door.counters().accepted()).isEqualTo(1);
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
        } finally {
            door.close();
        }
    }

    private void assertRefused(HttpReply reply, String statusLine, String json, Refusal reason) {
        assertThat(reply.statusLine()).isEqualTo(statusLine);
        assertThat(reply.body()).isEqualTo(json);
        assertThat(reply.header("Content-Length")).isEqualTo(String.valueOf(json.length()));
        assertThat(reply.header("Connection")).isEqualTo("close");
        assertThat(door.counters().refused(reason)).isEqualTo(1);
    }

    @Test
    void missingAgentId() throws Exception {
        assertRefused(
                door.exchange("POST /stateful HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"),
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Missing x-wazuh-agent-id header\",\"code\":400}",
                Refusal.MISSING_AGENT_ID);
    }

    @Test
    void emptyAgentId() throws Exception {
        assertRefused(
                door.exchange("POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id:   \r\nContent-Length: 3\r\n\r\nabc"),
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Missing x-wazuh-agent-id header\",\"code\":400}",
                Refusal.MISSING_AGENT_ID);
    }

    @Test
    void deletionWithoutAgentId() throws Exception {
        assertRefused(
                door.exchange("DELETE /agents HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Missing x-wazuh-agent-id header\",\"code\":400}",
                Refusal.MISSING_AGENT_ID);
    }

    @Test
    void emptyBody() throws Exception {
        assertRefused(
                door.exchange(Requests.statefulHead("001", 0)),
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Empty body\",\"code\":400}",
                Refusal.EMPTY_BODY);
    }

    @Test
    void noBodyAtAll() throws Exception {
        assertRefused(
                door.exchange("POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 001\r\n\r\n"),
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Empty body\",\"code\":400}",
                Refusal.EMPTY_BODY);
    }

    @Test
    void emptyJsonDeletion() throws Exception {
        assertRefused(
                door.exchange("POST /_internal/agents/delete HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Empty body\",\"code\":400}",
                Refusal.EMPTY_BODY);
    }

    @Test
    void chunkedBody() throws Exception {
        assertRefused(
                door.exchange("POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 001\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n0\r\n\r\n"),
                "HTTP/1.1 411 Length Required",
                "{\"error\":\"Length required\",\"code\":411}",
                Refusal.LENGTH_REQUIRED);
    }

    /** Both framings at once is how requests are smuggled: Netty's decoder refuses it (RFC 9112 §6.3 allows that). */
    @Test
    void chunkedBodyWithAContentLengthTooIsMalformed() throws Exception {
        assertRefused(
                door.exchange("POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 001\r\nContent-Length: 3\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Malformed request\",\"code\":400}",
                Refusal.MALFORMED);
    }

    @Test
    void deletionByHeaderWithABody() throws Exception {
        assertRefused(
                door.exchange("DELETE /agents HTTP/1.1\r\nX-Wazuh-Agent-Id: 7\r\nContent-Length: 2\r\n\r\n{}"),
                "HTTP/1.1 400 Bad Request",
                "{\"error\":\"Body must be empty\",\"code\":400}",
                Refusal.BODY_NOT_EMPTY);
    }

    @Test
    void jsonDeletionOverItsCap() throws Exception {
        assertRefused(
                door.exchange("POST /_internal/agents/delete HTTP/1.1\r\nContent-Length: 4097\r\n\r\n"),
                "HTTP/1.1 413 Request Entity Too Large",
                "{\"error\":\"Body too large\",\"code\":413}",
                Refusal.BODY_TOO_LARGE);
    }
}
