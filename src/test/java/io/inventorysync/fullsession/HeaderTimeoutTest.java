package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection whose header block is not complete within {@code headerTimeout}: 408 and closed. */
class HeaderTimeoutTest {

    @Test
    void halfAHeadIsTimedOut(@TempDir Path dir) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "headerTimeout=300ms", FrontDoor.echo())) {
            try (RawHttp client = door.connect()) {
                client.send("POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 001\r\n");
                HttpReply reply = client.receive();
                assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
                assertThat(reply.body()).isEqualTo("{\"error\":\"Request timeout\",\"code\":408}");
            }
            try (RawHttp silent = door.connect()) {
                assertThat(silent.receive().statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
            }
            assertThat(door.counters().refused(Refusal.HEADER_TIMEOUT)).isEqualTo(2);
            Conditions.await(() -> door.counters().openConnections() == 0);
        }
    }
}
