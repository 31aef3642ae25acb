package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Content-Length above {@code maxBodyBytes} is answered 413 from the head alone: nothing of the body is allocated
 * or charged (a 2 GiB Content-Length costs nothing), the peer reads the answer although it is still sending, and the
 * next request is served.
 */
class OversizedBodyTest {

    @Test
    void twoGibibytesAreRefusedAtOnceWithoutAllocating(@TempDir Path dir) throws Exception {
        AtomicInteger routed = new AtomicInteger();
        try (FrontDoor door = FrontDoor.start(dir, "maxBodyBytes=1048576", exchange -> {
            routed.incrementAndGet();
            FrontDoor.echo().process(exchange);
        })) {
            long pooledBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            long started = System.nanoTime();
            try (RawHttp client = door.connect()) {
                // remoted writes the head and starts on the body before it reads anything
                client.send(Requests.statefulHead("001", 2L * 1024 * 1024 * 1024))
                        .send(new byte[256 * 1024]);
                HttpReply reply = client.receive();
                assertThat(reply.head())
                        .isEqualTo("HTTP/1.1 413 Request Entity Too Large\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 37\r\nConnection: close");
                assertThat(reply.body()).isEqualTo("{\"error\":\"Body too large\",\"code\":413}");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory())
                    .isEqualTo(pooledBefore);
            assertThat(door.counters().inFlightBytes()).isZero();
            assertThat(door.counters().refused(Refusal.BODY_TOO_LARGE)).isEqualTo(1);

            // one byte over the cap, one at it
            assertThat(door.exchange(Requests.statefulHead("001", 1048577)).statusLine())
                    .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            assertThat(door.exchange(Requests.stateful("001", new byte[1048576]))
                            .body())
                    .isEqualTo("{\"kind\":\"STATEFUL\",\"agent\":\"001\",\"bytes\":1048576}");
            assertThat(routed).hasValue(1);
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
        }
    }

    @Test
    void overTcpTheAnswerIsReadBeforeAnyReset(@TempDir Path dir) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "maxBodyBytes=1048576", FrontDoor.echo());
                RawHttp client = door.connectTcp()) {
            // a TCP peer whose unread bytes are dropped at close gets a reset, which can overtake the answer: the
            // server reads and drops the rest instead
            client.send(Requests.statefulHead("001", 2L * 1024 * 1024 * 1024)).send(new byte[4 * 1024 * 1024]);
            assertThat(client.receive().statusLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
    }
}
