package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route hands the request to another thread, which answers 2 s later (remoted waits 20 s): the answer arrives,
 * the body is still intact when that thread reads it, and the budget comes back once it is written.
 */
class LateAnswerTest {

    @Test
    void anAnswerFromAnotherThreadTwoSecondsLater(@TempDir Path dir) throws Exception {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (FrontDoor door = FrontDoor.start(dir, "", exchange -> {
            FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
            later.schedule(
                    () -> {
                        ByteBuffer body = request.body();
                        int sum = 0;
                        while (body.hasRemaining()) {
                            sum += body.get();
                        }
                        request.answer(new HttpAnswer(200, "{\"status\":\"ok\",\"sum\":" + sum + "}", 0));
                    },
                    2,
                    TimeUnit.SECONDS);
        })) {
            long started = System.nanoTime();
            HttpReply reply = door.exchange(Requests.stateful("001", new byte[] {1, 2, 3, 4}));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(reply.body()).isEqualTo("{\"status\":\"ok\",\"sum\":10}");
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
            assertThat(door.counters().answered()).isEqualTo(1);
        } finally {
            later.shutdownNow();
        }
    }
}
