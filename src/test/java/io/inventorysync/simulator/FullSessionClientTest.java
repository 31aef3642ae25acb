package io.inventorysync.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import Wazuh.FullSessionSchema.Operation;
import io.inventorysync.simulator.FakeFullSessionDoor.Reply;
import io.inventorysync.simulator.FullSessionClient.Answer;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a JDK Unix-socket (and TCP) server: the exact bytes remoted sends, and the answers it reads. */
class FullSessionClientTest {

    @TempDir
    Path dir;

    @Test
    void postsOneSessionExactlyAsRemotedDoes() throws Exception {
        ByteBuffer body = FullSessionMessages.syncData(
                FullSessionStart.defaults().agentid("007"),
                List.of(new Value(
                        Operation.Upsert, "pkg-1", "wazuh-states-inventory-packages", 0, new byte[] {'{', '}'})));
        int position = body.position();
        byte[] expectedBody = FullSessionMessages.bytes(body);
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(dir.resolve("fs.sock"), r -> Reply.ok())) {
            Answer answer = FullSessionClient.unix(dir.resolve("fs.sock")).post("007", body);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.ok()).isTrue();
            assertThat(answer.reason()).isEqualTo("OK");
            assertThat(answer.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(answer.header("Content-Type")).isEqualTo("application/json");
            assertThat(answer.retryAfter()).isEmpty();
            FakeFullSessionDoor.Request request = door.requests().get(0);
            assertThat(request.head())
                    .isEqualTo("POST /stateful HTTP/1.1\r\n"
                            + "Host: localhost\r\n"
                            + "Content-Type: application/octet-stream\r\n"
                            + "X-Wazuh-Agent-Id: 007\r\n"
                            + "Content-Length: " + expectedBody.length + "\r\n"
                            + "Connection: close\r\n"
                            + "\r\n");
            assertThat(request.body()).isEqualTo(expectedBody);
            assertThat(door.requests()).hasSize(1);
        }
        assertThat(body.position()).isEqualTo(position); // the caller's buffer can be posted again
    }

    @Test
    void aBusyAnswerCarriesItsRetryAfter() throws Exception {
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(dir.resolve("fs.sock"), r -> Reply.busy(5))) {
            Answer answer = FullSessionClient.unix(dir.resolve("fs.sock")).post("1", ByteBuffer.wrap(new byte[] {1}));
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.ok()).isFalse();
            assertThat(answer.retryAfter()).contains(Duration.ofSeconds(5));
            assertThat(answer.body()).contains("\"code\":503");
        }
    }

    @Test
    void aRetryAfterThatIsNotWholeSecondsIsIgnored() {
        Answer date = new Answer(503, "", Map.of("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT"), "");
        assertThat(date.retryAfter()).isEmpty();
        assertThat(new Answer(503, "", Map.of("retry-after", "0"), "").retryAfter())
                .contains(Duration.ZERO);
    }

    @Test
    void anAnswerLaterThanTheAnswerTimeoutIsATimeout() throws Exception {
        try (FakeFullSessionDoor door =
                FakeFullSessionDoor.unix(dir.resolve("fs.sock"), r -> Reply.ok().after(Duration.ofSeconds(3)))) {
            FullSessionClient client = FullSessionClient.unix(dir.resolve("fs.sock"))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.post("1", ByteBuffer.wrap(new byte[] {1})))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("answer timed out after 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void remotedsTimeoutsByDefault() {
        assertThat(FullSessionClient.unix(dir.resolve("x.sock")).answerTimeout())
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(FullSessionClient.CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
        assertThat(FullSessionClient.WRITE_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void deletesAnAgentByItsHeader() throws Exception {
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(dir.resolve("fs.sock"), r -> Reply.ok())) {
            Answer answer = FullSessionClient.unix(dir.resolve("fs.sock")).deleteAgent("12");
            assertThat(answer.status()).isEqualTo(200);
            FakeFullSessionDoor.Request request = door.requests().get(0);
            assertThat(request.head())
                    .isEqualTo("DELETE /agents HTTP/1.1\r\n"
                            + "Host: localhost\r\n"
                            + "X-Wazuh-Agent-Id: 12\r\n"
                            + "Content-Length: 0\r\n"
                            + "Connection: close\r\n"
                            + "\r\n");
            assertThat(request.body()).isEmpty();
        }
    }

    @Test
    void theTcpDoorGetsTheSameRequest() throws Exception {
        try (FakeFullSessionDoor door =
                FakeFullSessionDoor.tcp(r -> Reply.of(409, "Conflict", "{\"status\":\"checksum_mismatch\"}"))) {
            Answer answer =
                    FullSessionClient.tcp("127.0.0.1", door.port()).post("3", ByteBuffer.wrap(new byte[] {9, 8}));
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.body()).isEqualTo("{\"status\":\"checksum_mismatch\"}");
            assertThat(door.requests().get(0).requestLine()).isEqualTo("POST /stateful HTTP/1.1");
            assertThat(door.requests().get(0).header("x-wazuh-agent-id")).isEqualTo("3");
            assertThat(door.requests().get(0).body()).containsExactly(9, 8);
        }
    }

    @Test
    void aWholePackageInventoryGoesThroughInSlices() throws Exception {
        List<Item> items = SimulatedInventory.items("050", 50_000, false, 0);
        ByteBuffer body =
                FullSessionMessages.syncData(FullSessionStart.defaults().agentid("050"), items);
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(dir.resolve("fs.sock"), r -> Reply.ok())) {
            assertThat(FullSessionClient.unix(dir.resolve("fs.sock"))
                            .post("050", body)
                            .ok())
                    .isTrue();
            assertThat(door.requests().get(0).body()).isEqualTo(FullSessionMessages.bytes(body));
        }
    }

    @Test
    void anAnswerSentBeforeTheBodyWasReadIsStillRead() throws Exception {
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(
                        dir.resolve("fs.sock"),
                        r -> Reply.of(413, "Payload Too Large", "{\"error\":\"Body too large\",\"code\":413}"))
                .answeringBeforeTheBody()) {
            Answer answer = FullSessionClient.unix(dir.resolve("fs.sock")).post("1", ByteBuffer.allocate(32 << 20));
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.body()).contains("Body too large");
        }
    }

    @Test
    void noDoorIsATransportError() {
        assertThatThrownBy(
                        () -> FullSessionClient.unix(dir.resolve("none.sock")).post("1", ByteBuffer.allocate(1)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void anAnswerWithoutContentLengthEndsWithTheConnection() throws Exception {
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(
                dir.resolve("fs.sock"),
                r -> new Reply(
                        "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n{\"code\":500}",
                        Duration.ZERO))) {
            Answer answer = FullSessionClient.unix(dir.resolve("fs.sock")).post("1", ByteBuffer.allocate(1));
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.body()).isEqualTo("{\"code\":500}");
        }
    }

    @Test
    void somethingThatIsNotHttpIsAnError() throws Exception {
        try (FakeFullSessionDoor door = FakeFullSessionDoor.unix(
                dir.resolve("fs.sock"), r -> new Reply("SSH-2.0-OpenSSH\r\n\r\n", Duration.ZERO))) {
            assertThatThrownBy(
                            () -> FullSessionClient.unix(dir.resolve("fs.sock")).post("1", ByteBuffer.allocate(1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not an HTTP answer");
        }
    }

    @Test
    void anAgentIdCannotInjectHeaders() {
        assertThatThrownBy(() ->
                        FullSessionClient.unix(dir.resolve("fs.sock")).post("1\r\nX-Other: 2", ByteBuffer.allocate(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersAreParsedOnlyWhenComplete() throws Exception {
        byte[] partial = "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"status\"".getBytes(StandardCharsets.US_ASCII);
        assertThat(FullSessionClient.parse(partial, false)).isNull();
        assertThatThrownBy(() -> FullSessionClient.parse(partial, true)).hasMessageContaining("cut at 9 of 15");
        assertThat(FullSessionClient.parse("HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII), false))
                .isNull();
    }
}
