package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Expect: 100-continue} (curl sends it above 1 MiB): an accepted head gets {@code 100 Continue} before the body
 * is sent; a refused one gets its final answer instead, and the body is never sent.
 */
class ExpectContinueTest {

    @Test
    void continueThenTheAnswer(@TempDir Path dir) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "maxBodyBytes=1000", FrontDoor.echo())) {
            try (RawHttp client = door.connect()) {
                client.send("POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 001\r\nContent-Length: 3\r\n"
                        + "Expect: 100-continue\r\n\r\n");
                assertThat(client.receiveInterim()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
                assertThat(client.send("abc").receive().body())
                        .isEqualTo("{\"kind\":\"STATEFUL\",\"agent\":\"001\",\"bytes\":3}");
            }
            try (RawHttp client = door.connect()) {
                client.send("POST /stateful HTTP/1.1\r\nX-Wazuh-Agent-Id: 001\r\nContent-Length: 1001\r\n"
                        + "Expect: 100-continue\r\n\r\n");
                assertThat(client.receive().statusLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            }
        }
    }
}
