package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body not complete within {@code bodyTimeout} of the headers: 408, closed, the budget given back. */
class BodyTimeoutTest {

    @Test
    void aStalledBodyIsClosedAndReleased(@TempDir Path dir) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "bodyTimeout=300ms", FrontDoor.echo());
                RawHttp client = door.connect()) {
            long started = System.nanoTime();
            client.send(Requests.statefulHead("001", 1000)).send(new byte[10]);
            HttpReply reply = client.receive();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
            assertThat(reply.body()).isEqualTo("{\"error\":\"Request timeout\",\"code\":408}");
            assertThat(door.counters().refused(Refusal.BODY_TIMEOUT)).isEqualTo(1);
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
            assertThat(door.counters().refused(Refusal.TRUNCATED_BODY)).isZero();
        }
    }
}
