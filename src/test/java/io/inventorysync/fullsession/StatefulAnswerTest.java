package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.camel.Processor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * remoted's {@code POST /stateful} over the Unix socket gets the route's answer with exactly the head of spec §3:
 * status line, Content-Type, Content-Length, Connection: close, and Retry-After only on a 503 that has one.
 */
class StatefulAnswerTest {

    @TempDir
    Path dir;

    /** The route answers by agent id, so each test gets one of the spec's answers. */
    private static Processor answerByAgent() {
        return exchange -> {
            FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
            request.answer(
                    switch (request.agentId()) {
                        case "001" -> HttpAnswer.ok();
                        case "002" -> HttpAnswer.noop();
                        case "003" -> HttpAnswer.checksumMismatch();
                        case "004" -> HttpAnswer.error(403, "identity mismatch");
                        default -> HttpAnswer.unavailable(7, "Indexer unavailable");
                    });
        };
    }

    private HttpReply post(String agent) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "", answerByAgent())) {
            return door.exchange(Requests.stateful(agent, new byte[] {1, 2, 3}));
        }
    }

    @Test
    void ok() throws Exception {
        HttpReply reply = post("001");
        assertThat(reply.head())
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n"
                        + "Connection: close");
        assertThat(reply.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void noop() throws Exception {
        HttpReply reply = post("002");
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(reply.body()).isEqualTo("{\"status\":\"ok\",\"noop\":true}");
        assertThat(reply.header("Content-Length")).isEqualTo("27");
    }

    @Test
    void checksumMismatch() throws Exception {
        HttpReply reply = post("003");
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 409 Conflict");
        assertThat(reply.body()).isEqualTo("{\"status\":\"checksum_mismatch\"}");
    }

    @Test
    void forbidden() throws Exception {
        HttpReply reply = post("004");
        assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
        assertThat(reply.body()).isEqualTo("{\"error\":\"identity mismatch\",\"code\":403}");
        assertThat(reply.header("Retry-After")).isNull();
    }

    @Test
    void unavailableWithRetryAfter() throws Exception {
        HttpReply reply = post("005");
        assertThat(reply.head())
                .isEqualTo("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 42\r\nConnection: close\r\nRetry-After: 7");
        assertThat(reply.body()).isEqualTo("{\"error\":\"Indexer unavailable\",\"code\":503}");
    }
}
