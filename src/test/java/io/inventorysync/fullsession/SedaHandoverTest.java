package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front-door route queues the request to an indexing route ({@code seda:}) and completes at once; the body is
 * held until the indexing route's exchange completed (Camel hands the on-completion over to the copy), even when the
 * answer was written before, so the indexing route may read it after answering.
 */
class SedaHandoverTest {

    @Test
    void theBodyIsHeldUntilTheQueuedExchangeCompletes(@TempDir Path dir) throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (FrontDoor door = FrontDoor.start(dir, "", new RouteBuilder() {
            @Override
            public void configure() {
                from("{{frontDoor}}").routeId("front-door").to("seda:indexing");
                from("seda:indexing").routeId("indexing").process(exchange -> {
                    FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
                    request.answer(HttpAnswer.ok());
                    answered.countDown();
                    finish.await(30, TimeUnit.SECONDS);
                    // still readable: the exchange has not completed
                    request.body().get(request.bodyLength() - 1);
                });
            }
        })) {
            NotifyBuilder frontDoorDone = new NotifyBuilder(door.context())
                    .fromRoute("front-door")
                    .whenDone(1)
                    .create();
            NotifyBuilder indexingDone = new NotifyBuilder(door.context())
                    .fromRoute("indexing")
                    .whenDone(1)
                    .create();

            assertThat(door.exchange(Requests.stateful("001", new byte[1000])).body())
                    .isEqualTo("{\"status\":\"ok\"}");
            assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(frontDoorDone.matches(30, TimeUnit.SECONDS)).isTrue();
            assertThat(door.counters().inFlightBytes()).isEqualTo(1000);

            finish.countDown();
            assertThat(indexingDone.matches(30, TimeUnit.SECONDS)).isTrue();
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
        }
    }
}
