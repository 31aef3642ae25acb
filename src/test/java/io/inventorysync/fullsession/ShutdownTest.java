package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the consumer: no new connections, the socket file gone; a request still waiting for its answer after the
 * grace is answered 503 with Retry-After, and its body released once its exchange ends.
 */
class ShutdownTest {

    @Test
    void aWaitingRequestIs503AfterTheGrace(@TempDir Path dir) throws Exception {
        CountDownLatch routing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        FrontDoor door = FrontDoor.start(dir, "shutdownGrace=300ms", exchange -> {
            routing.countDown();
            // the route never answers
            finish.await(30, TimeUnit.SECONDS);
        });
        try (RawHttp client = door.connect()) {
            client.send(Requests.stateful("001", new byte[100]));
            assertThat(routing.await(30, TimeUnit.SECONDS)).isTrue();

            Thread stopping = new Thread(door::close);
            stopping.start();
            HttpReply reply = client.receive();
            assertThat(reply.head())
                    .isEqualTo("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 36\r\nConnection: close\r\nRetry-After: 5");
            assertThat(reply.body()).isEqualTo("{\"error\":\"Shutting down\",\"code\":503}");
            assertThat(door.socket()).doesNotExist();
            assertThat(door.counters().refused(Refusal.SHUTTING_DOWN)).isEqualTo(1);

            finish.countDown();
            stopping.join(30_000);
            assertThat(door.counters().inFlightBytes()).isZero();
        } finally {
            finish.countDown();
            door.close();
        }
    }

    @Test
    void aRequestAnsweredWithinTheGraceKeepsItsAnswer(@TempDir Path dir) throws Exception {
        CountDownLatch routing = new CountDownLatch(1);
        FrontDoor door = FrontDoor.start(dir, "shutdownGrace=10s", exchange -> {
            routing.countDown();
            Thread.sleep(500); // indexing that takes a while
            exchange.getMessage().getBody(FullSessionRequest.class).answer(HttpAnswer.ok());
        });
        try (RawHttp client = door.connect()) {
            client.send(Requests.stateful("001", new byte[100]));
            assertThat(routing.await(30, TimeUnit.SECONDS)).isTrue();
            Thread stopping = new Thread(door::close);
            stopping.start();
            assertThat(client.receive().body()).isEqualTo("{\"status\":\"ok\"}");
            stopping.join(30_000);
        } finally {
            door.close();
        }
    }
}
