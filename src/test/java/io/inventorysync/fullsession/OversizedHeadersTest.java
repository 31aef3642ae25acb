package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A header block over {@code maxHeaderBytes} (16 KiB by default): 431, and the next request is served. */
class OversizedHeadersTest {

    @Test
    void aHugeHeaderIs431(@TempDir Path dir) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "", FrontDoor.echo())) {
            HttpReply reply = door.exchange("POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 001\r\nX-Padding: "
                    + "a".repeat(20 * 1024) + "\r\nContent-Length: 1\r\n\r\nx");
            assertThat(reply.head())
                    .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 54\r\nConnection: close");
            assertThat(reply.body()).isEqualTo("{\"error\":\"Request header fields too large\",\"code\":431}");
            assertThat(door.counters().refused(Refusal.HEADERS_TOO_LARGE)).isEqualTo(1);

            // many headers adding up to the cap count the same
            StringBuilder many = new StringBuilder("POST /stateful HTTP/1.1\r\n");
            for (int i = 0; i < 2000; i++) {
                many.append("X-H").append(i).append(": v\r\n");
            }
            assertThat(door.exchange(many.append("\r\n").toString()).statusLine())
                    .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");

            assertThat(door.exchange(Requests.stateful("001", new byte[1])).statusLine())
                    .isEqualTo("HTTP/1.1 200 OK");
        }
    }
}
