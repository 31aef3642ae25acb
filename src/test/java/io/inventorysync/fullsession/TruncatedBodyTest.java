package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that closes in the middle of its body: the connection's buffer is freed and the budget given back, the
 * route never sees it, it is counted, and the next request is served.
 */
class TruncatedBodyTest {

    @Test
    void theBudgetComesBackAndNothingIsRouted(@TempDir Path dir) throws Exception {
        AtomicInteger routed = new AtomicInteger();
        try (FrontDoor door = FrontDoor.start(dir, "", exchange -> {
            routed.incrementAndGet();
            FrontDoor.echo().process(exchange);
        })) {
            try (RawHttp client = door.connect()) {
                client.send(Requests.statefulHead("001", 1_000_000)).send(new byte[300_000]);
                Conditions.await(() -> door.counters().inFlightBytes() == 1_000_000);
            }
            Conditions.await(() -> door.counters().refused(Refusal.TRUNCATED_BODY) == 1);
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
            assertThat(door.counters().openConnections()).isZero();

            assertThat(door.exchange(Requests.stateful("001", new byte[10])).statusLine())
                    .isEqualTo("HTTP/1.1 200 OK");
            assertThat(routed).hasValue(1);
        }
    }
}
