package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A route that fails before answering: 500 {@code Internal error}, counted, the body released. */
class RouteFailureTest {

    @Test
    void aFailedExchangeIs500(@TempDir Path dir) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "", exchange -> {
            throw new IllegalStateException("indexer exploded");
        })) {
            HttpReply reply = door.exchange(Requests.stateful("001", new byte[100]));
            assertThat(reply.head())
                    .isEqualTo("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 37\r\nConnection: close");
            assertThat(reply.body()).isEqualTo("{\"error\":\"Internal error\",\"code\":500}");
            assertThat(door.counters().routeFailures()).isEqualTo(1);
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
        }
    }

    @Test
    void anAnswerGivenBeforeTheFailureStands(@TempDir Path dir) throws Exception {
        try (FrontDoor door = FrontDoor.start(dir, "", exchange -> {
            exchange.getMessage().getBody(FullSessionRequest.class).answer(HttpAnswer.checksumMismatch());
            throw new IllegalStateException("after the answer");
        })) {
            assertThat(door.exchange(Requests.stateful("001", new byte[1])).statusLine())
                    .isEqualTo("HTTP/1.1 409 Conflict");
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
            assertThat(door.counters().routeFailures()).isZero();
        }
    }
}
