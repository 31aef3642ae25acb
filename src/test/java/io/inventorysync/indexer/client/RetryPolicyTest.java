package io.inventorysync.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Backoff arithmetic and the bulk body, without an indexer. */
class RetryPolicyTest {

    /** 1 s doubling to 15 s, each wait jittered into the upper half of its step. */
    @RepeatedTest(20)
    void backoffDoublesToTheMaximumWithJitter() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        long[] steps = {1000, 2000, 4000, 8000, 15000, 15000, 15000};
        for (int n = 1; n <= steps.length; n++) {
            assertThat(p.backoff(n).toMillis()).as("retry %d", n).isBetween(steps[n - 1] / 2, steps[n - 1]);
        }
    }

    @Test
    void nonsenseIsRefused() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RetryPolicy(0, s, s, s, s)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, s, s, s))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, s, Duration.ofSeconds(2), s, s))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bulkEntityWritesTheItemsInOrderAsNdjson() throws Exception {
        List<BulkItem> items = List.of(
                new BulkItem(
                        "i", "a", "{\"delete\":{\"_index\":\"i\",\"_id\":\"a\"}}\n".getBytes(StandardCharsets.UTF_8)),
                new BulkItem(
                        "i",
                        "b",
                        "{\"index\":{\"_index\":\"i\",\"_id\":\"b\"}}\n{}\n".getBytes(StandardCharsets.UTF_8)));
        BulkBody entity = new BulkBody(items);
        String written = new String(entity.body().readAllBytes(), StandardCharsets.UTF_8);
        String expected =
                "{\"delete\":{\"_index\":\"i\",\"_id\":\"a\"}}\n{\"index\":{\"_index\":\"i\",\"_id\":\"b\"}}\n{}\n";
        assertThat(written).isEqualTo(expected);
        // repeatable: every read starts again
        assertThat(entity.body().readAllBytes()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(entity.length()).isEqualTo(expected.length());
        assertThat(entity.contentType()).isEqualTo("application/x-ndjson");
        assertThat(BulkResponses.action(items.get(0))).isEqualTo("delete");
    }
}
