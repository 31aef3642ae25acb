package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is not an HTTP/1.x request line (or has a broken Content-Length) is 400 {@code Malformed request} from Netty's
 * decoder result; the next request is served.
 */
class GarbageRequestTest {

    @Test
    void garbageIs400(@TempDir Path dir) throws Exception {
        String[] garbage = {
            "GARBAGE\r\n\r\n",
            "hello world\r\n\r\n",
            "PO ST /stateful HTTP/1.1\r\n\r\n",
            "POST /stateful HTTP/1.1 junk\r\n\r\n",
            "POST /stateful HTTP/9.9\r\nX-Wazuh-Agent-Id: 1\r\nContent-Length: 1\r\n\r\nx",
            // a TLS ClientHello on the plain socket
            "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n",
            "POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 1\r\nContent-Length: abc\r\n\r\n",
            "POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
            "POST /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n",
        };
        try (FrontDoor door = FrontDoor.start(dir, "", FrontDoor.echo())) {
            for (String request : garbage) {
                HttpReply reply = door.exchange(request);
                assertThat(reply.head())
                        .as(request)
                        .isEqualTo("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 40\r\nConnection: close");
                assertThat(reply.body()).isEqualTo("{\"error\":\"Malformed request\",\"code\":400}");
            }
            assertThat(door.counters().refused(Refusal.MALFORMED)).isEqualTo(garbage.length);
            assertThat(door.exchange(Requests.stateful("001", new byte[1])).statusLine())
                    .isEqualTo("HTTP/1.1 200 OK");
        }
    }
}
