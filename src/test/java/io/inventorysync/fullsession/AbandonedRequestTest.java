package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer closes while the route still works on its request (remoted gives up after 20 s): the body stays readable
 * until the exchange completes — its memory is not freed under the route — the late answer is a no-op, and then
 * memory and budget come back.
 */
class AbandonedRequestTest {

    @Test
    void theBodyOutlivesThePeerUntilTheExchangeEnds(@TempDir Path dir) throws Exception {
        CountDownLatch routing = new CountDownLatch(1);
        CountDownLatch peerGone = new CountDownLatch(1);
        AtomicBoolean openAfterClose = new AtomicBoolean(true);
        AtomicBoolean answered = new AtomicBoolean(true);
        AtomicInteger sum = new AtomicInteger();
        try (FrontDoor door = FrontDoor.start(dir, "", exchange -> {
            FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
            routing.countDown();
            peerGone.await(30, TimeUnit.SECONDS);
            ByteBuffer body = request.body();
            while (body.hasRemaining()) {
                sum.addAndGet(body.get());
            }
            openAfterClose.set(request.isOpen());
            answered.set(request.answer(HttpAnswer.ok()));
        })) {
            byte[] session = new byte[5 * 1024 * 1024]; // above the pool's chunk: its own memory, freed at release
            session[0] = 3;
            session[session.length - 1] = 4;
            try (RawHttp client = door.connect()) {
                client.send(Requests.stateful("001", session));
                assertThat(routing.await(30, TimeUnit.SECONDS)).isTrue();
            }
            Conditions.await(() -> door.counters().abandoned() == 1);
            assertThat(door.counters().inFlightBytes()).isEqualTo(session.length);
            peerGone.countDown();

            Conditions.await(() -> door.counters().inFlightBytes() == 0);
            assertThat(sum).hasValue(7);
            assertThat(openAfterClose).isFalse();
            assertThat(answered).isFalse();
            assertThat(door.counters().lateAnswers()).isEqualTo(1);
            assertThat(door.exchange(Requests.stateful("002", new byte[1])).statusLine())
                    .isEqualTo("HTTP/1.1 200 OK");
        }
    }
}
