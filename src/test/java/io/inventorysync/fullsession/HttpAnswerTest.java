package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bodies of spec §3, exactly; reasons JSON-escaped; Retry-After only on a 503. */
class HttpAnswerTest {

    @Test
    void theSpecBodies() {
        assertThat(HttpAnswer.ok()).isEqualTo(new HttpAnswer(200, "{\"status\":\"ok\"}", 0));
        assertThat(HttpAnswer.noop()).isEqualTo(new HttpAnswer(200, "{\"status\":\"ok\",\"noop\":true}", 0));
        assertThat(HttpAnswer.checksumMismatch())
                .isEqualTo(new HttpAnswer(409, "{\"status\":\"checksum_mismatch\"}", 0));
        assertThat(HttpAnswer.error(403, "identity mismatch"))
                .isEqualTo(new HttpAnswer(403, "{\"error\":\"identity mismatch\",\"code\":403}", 0));
        assertThat(HttpAnswer.unavailable(7, "Indexer unavailable"))
                .isEqualTo(new HttpAnswer(503, "{\"error\":\"Indexer unavailable\",\"code\":503}", 7));
    }

    @Test
    void reasonsAreEscaped() {
        assertThat(HttpAnswer.error(400, "bad \"x\" \\ \n\t\u0001\u2028é").json())
                .isEqualTo("{\"error\":\"bad \\\"x\\\" \\\\ \\n\\t\\u0001\\u2028é\",\"code\":400}");
    }

    @Test
    void retryAfterOnlyOnA503() {
        assertThatThrownBy(() -> new HttpAnswer(500, "{}", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpAnswer(100, "{}", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(HttpAnswer.unavailable(0, "x").retryAfterSeconds()).isZero();
    }
}
