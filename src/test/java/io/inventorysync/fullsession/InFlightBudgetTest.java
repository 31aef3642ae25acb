package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Body bytes held over all connections are capped by {@code inFlightBytes}: a body that would go over is answered 503
 * with Retry-After before it is read; once the held request is answered the budget is back and the next is served.
 */
class InFlightBudgetTest {

    @Test
    void aFullBudgetIs503WithRetryAfter(@TempDir Path dir) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (FrontDoor door =
                FrontDoor.start(dir, "maxBodyBytes=600000&inFlightBytes=1000000&retryAfter=9", exchange -> {
                    FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
                    if (request.agentId().equals("001")) {
                        held.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    }
                    request.answer(HttpAnswer.ok());
                })) {
            try (RawHttp holder = door.connect()) {
                holder.send(Requests.stateful("001", new byte[600_000]));
                assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(door.counters().inFlightBytes()).isEqualTo(600_000);

                HttpReply refused = door.exchange(Requests.stateful("002", new byte[500_000]));
                assertThat(refused.head())
                        .isEqualTo("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 47\r\nConnection: close\r\nRetry-After: 9");
                assertThat(refused.body()).isEqualTo("{\"error\":\"Too many bytes in flight\",\"code\":503}");
                assertThat(door.counters().refused(Refusal.OVER_BUDGET)).isEqualTo(1);
                // what still fits is taken
                assertThat(door.exchange(Requests.stateful("003", new byte[400_000]))
                                .statusLine())
                        .isEqualTo("HTTP/1.1 200 OK");

                release.countDown();
                assertThat(holder.receive().statusLine()).isEqualTo("HTTP/1.1 200 OK");
            }
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
            assertThat(door.exchange(Requests.stateful("004", new byte[600_000]))
                            .statusLine())
                    .isEqualTo("HTTP/1.1 200 OK");
        }
    }
}
