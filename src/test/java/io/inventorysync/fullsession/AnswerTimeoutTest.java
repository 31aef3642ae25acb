package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A route that never answers: after {@code answerTimeout} the HTTP layer answers 503, and a later answer is dropped. */
class AnswerTimeoutTest {

    @Test
    void noAnswerInTimeIs503(@TempDir Path dir) throws Exception {
        AtomicReference<FullSessionRequest> kept = new AtomicReference<>();
        try (FrontDoor door = FrontDoor.start(dir, "answerTimeout=300ms&retryAfter=2", exchange -> {
            kept.set(exchange.getMessage().getBody(FullSessionRequest.class));
        })) {
            HttpReply reply = door.exchange(Requests.stateful("001", new byte[10]));
            assertThat(reply.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(reply.header("Retry-After")).isEqualTo("2");
            assertThat(reply.body()).isEqualTo("{\"error\":\"No answer in time\",\"code\":503}");
            assertThat(door.counters().refused(Refusal.ANSWER_TIMEOUT)).isEqualTo(1);

            assertThat(kept.get().answer(HttpAnswer.ok())).isFalse();
            assertThat(door.counters().lateAnswers()).isEqualTo(1);
            Conditions.await(() -> door.counters().inFlightBytes() == 0);
        }
    }
}
