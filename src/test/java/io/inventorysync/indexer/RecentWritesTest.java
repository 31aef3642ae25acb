package io.inventorysync.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.config.OssecConf;
import io.inventorysync.indexer.client.IndexerClient;
import io.inventorysync.indexer.client.IndexerConnector;
import io.inventorysync.indexer.client.IndexerHealth;
import io.inventorysync.indexer.client.RetryPolicy;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch._types.Time;

/**
 * A clean refreshes first only while a cleaned agent's documents may not be searchable yet: within two of the index's
 * refresh intervals plus a second of their write, or of the process start; always when refreshes are disabled. The
 * intervals are read from the real test node; time is a test clock.
 */
@ExtendWith(TestIndexer.Extension.class)
class RecentWritesTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static IndexerClient client;
    private static IndexerConnector requests;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    @BeforeAll
    static void open(TestIndexer node, @TempDir Path dir) throws Exception {
        client = IndexerClient.create(OssecConf.load(node.writeOssecConf(dir)).indexerSettings());
        IndexerHealth health = new IndexerHealth(client);
        health.probeAll();
        requests = new IndexerConnector(client, health, RetryPolicy.DEFAULT);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void theDefaultIntervalAsksForARefreshOnlyWithinThreeSecondsOfAWrite() throws Exception {
        String index = index(null);
        RecentWrites writes = new RecentWrites(now::get);
        // a previous run may have written just before this one started
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("001")))
                .isTrue();
        advance(3 * SECOND + 1);
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("001")))
                .isFalse();

        writes.written(index, "wazuh", "001");
        advance(SECOND);
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("002", "001")))
                .isTrue();
        assertThat(writes.needsRefresh(requests, index, "other", List.of("001")))
                .isFalse();
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("002")))
                .isFalse();
        advance(2 * SECOND + 1);
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("001")))
                .isFalse();
    }

    @Test
    void aLongIntervalSetOnTheIndexWidensTheWindow() throws Exception {
        String index = index("30s");
        RecentWrites writes = new RecentWrites(now::get);
        advance(61 * SECOND + 1);
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("001")))
                .isFalse();
        writes.written(index, "wazuh", "001");
        advance(60 * SECOND);
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("001")))
                .isTrue();
        advance(SECOND + 1);
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("001")))
                .isFalse();
    }

    @Test
    void disabledRefreshesAlwaysRefresh() throws Exception {
        String index = index("-1");
        RecentWrites writes = new RecentWrites(now::get);
        advance(3_600 * SECOND);
        assertThat(writes.needsRefresh(requests, index, "wazuh", List.of("001")))
                .isTrue();
    }

    @Test
    void anIndexThatDoesNotExistNeedsNoRefreshAfterTheStartWindow() {
        RecentWrites writes = new RecentWrites(now::get);
        advance(2 * SECOND);
        assertThat(writes.needsRefresh(requests, "wazuh-states-missing-" + System.nanoTime(), "wazuh", List.of("1")))
                .isFalse();
    }

    @Test
    void intervalsAreReadInEveryUnit() {
        assertThat(RecentWrites.nanos(Time.of(t -> t.time("500ms")))).isEqualTo(500_000_000L);
        assertThat(RecentWrites.nanos(Time.of(t -> t.time("1s")))).isEqualTo(SECOND);
        assertThat(RecentWrites.nanos(Time.of(t -> t.time("2m")))).isEqualTo(120 * SECOND);
        assertThat(RecentWrites.nanos(Time.of(t -> t.time("-1")))).isEqualTo(-1);
        assertThat(RecentWrites.nanos(Time.of(t -> t.time("soon")))).isEqualTo(-1);
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }

    /** A new index, with this refresh interval set (null: the default). */
    private static String index(String refreshInterval) throws Exception {
        String name =
                "wazuh-states-recent-" + Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT);
        String body = refreshInterval == null
                ? "{}"
                : "{\"settings\":{\"index\":{\"refresh_interval\":\"" + refreshInterval + "\"}}}";
        assertThat(requests.execute("PUT", "/" + name, body.getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(200);
        return name;
    }
}
