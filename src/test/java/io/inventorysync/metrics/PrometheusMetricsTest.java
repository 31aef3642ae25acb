package io.inventorysync.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inventorysync.metrics.IndexerRequestMetrics.Kind;
import io.inventorysync.testsupport.MetricsText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry fed by direct calls, read back through its own exposition, as Prometheus reads it. */
class PrometheusMetricsTest {

    /** The MBean's gauges (its javadoc says so); every other attribute is a counter. */
    private static final Set<String> GAUGES = Set.of(
            "OpenSessions", "PendingItems", "IndexerHostsUsable", "RouterSubscribed", "FullSessionBytesInFlight");

    private final ServiceMetrics counters = new ServiceMetrics();
    private final SessionStats stats = new SessionStats(counters, () -> 3, () -> 42L, () -> 2);
    private DefaultCamelContext context;
    private PrometheusMetrics metrics;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        metrics = new PrometheusMetrics(context).sessions(stats, "wazuh", 10_000, 500_000);
        metrics.start();
    }

    @AfterEach
    void stop() throws IOException {
        metrics.stop();
        context.close();
    }

    @Test
    void everySessionsMBeanAttributeIsExportedUnderItsSnakeCaseName() throws IOException {
        MetricsText text = scrape(null);
        List<String> missing = new ArrayList<>();
        for (Method m : SessionStatsMBean.class.getMethods()) {
            String attribute = m.getName().replaceFirst("^(get|is)", "");
            String name = "inventory_sync_"
                    + attribute.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
            boolean gauge = GAUGES.contains(attribute);
            String sample = gauge ? name : name + "_total";
            if (attribute.equals("RouterSubscribed")) {
                sample = name + "{transport=\"wazuh\"}";
            }
            if (text.value(sample).isEmpty()) {
                missing.add(attribute + " -> " + sample);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(text.get("inventory_sync_pending_items")).isEqualTo(42);
    }

    @Test
    void countersAreTheLongAddersReadWhenScraped() throws IOException {
        counters.sessionsCompleted.add(5);
        counters.framesReceived.add(7);
        MetricsText text = scrape(null);
        assertThat(text.get("inventory_sync_sessions_completed_total")).isEqualTo(5);
        assertThat(text.get("inventory_sync_frames_received_total")).isEqualTo(7);
        assertThat(text.get("inventory_sync_open_sessions")).isEqualTo(3);
        assertThat(text.get("inventory_sync_indexer_hosts_usable")).isEqualTo(2);
        assertThat(text.get("inventory_sync_router_subscribed{transport=\"wazuh\"}"))
                .isEqualTo(0);
        assertThat(text.get("inventory_sync_open_sessions_limit")).isEqualTo(10_000);
        assertThat(text.get("inventory_sync_pending_items_limit")).isEqualTo(500_000);
        stats.routerSubscribed(() -> true);
        counters.sessionsCompleted.increment();
        MetricsText again = scrape(null);
        assertThat(again.get("inventory_sync_sessions_completed_total")).isEqualTo(6);
        assertThat(again.get("inventory_sync_router_subscribed{transport=\"wazuh\"}"))
                .isEqualTo(1);
    }

    @Test
    void indexerRequestsByKindAndOutcomeWithRetriesFailoversAndSplits() throws IOException {
        metrics.request(Kind.BULK, 200, TimeUnit.MILLISECONDS.toNanos(7));
        metrics.request(Kind.BULK, 429, TimeUnit.MILLISECONDS.toNanos(3));
        metrics.retry(Kind.BULK);
        metrics.request(Kind.BULK, 413, TimeUnit.MILLISECONDS.toNanos(2));
        metrics.bulkSplit();
        metrics.request(Kind.DELETE_BY_QUERY, 503, TimeUnit.MILLISECONDS.toNanos(40));
        metrics.request(Kind.SEARCH, 0, TimeUnit.SECONDS.toNanos(5));
        metrics.failover(Kind.SEARCH);
        metrics.request(Kind.HEALTH, 200, TimeUnit.MICROSECONDS.toNanos(800));
        metrics.request(Kind.UPDATE_BY_QUERY, 409, TimeUnit.MILLISECONDS.toNanos(12));

        MetricsText text = scrape(null);
        String bulkOk = "{kind=\"bulk\",outcome=\"success\"";
        assertThat(text.get("inventory_sync_indexer_request_seconds_count" + bulkOk + "}"))
                .isEqualTo(1);
        assertThat(text.get("inventory_sync_indexer_request_seconds_sum" + bulkOk + "}"))
                .isEqualTo(0.007);
        // 7 ms: above the 5 ms bucket, within the 10 ms one
        assertThat(text.get("inventory_sync_indexer_request_seconds_bucket" + bulkOk + ",le=\"0.005\"}"))
                .isEqualTo(0);
        assertThat(text.get("inventory_sync_indexer_request_seconds_bucket" + bulkOk + ",le=\"0.01\"}"))
                .isEqualTo(1);
        assertThat(text.get("inventory_sync_indexer_request_seconds_bucket" + bulkOk + ",le=\"+Inf\"}"))
                .isEqualTo(1);
        assertThat(count(text, "bulk", "throttled")).isEqualTo(1);
        assertThat(count(text, "bulk", "too_large")).isEqualTo(1);
        assertThat(count(text, "delete_by_query", "server_error")).isEqualTo(1);
        assertThat(count(text, "search", "unreachable")).isEqualTo(1);
        assertThat(count(text, "health", "success")).isEqualTo(1);
        assertThat(count(text, "update_by_query", "client_error")).isEqualTo(1);
        // only the pairs that happened are exported
        assertThat(text.value("inventory_sync_indexer_request_seconds_count{kind=\"refresh\",outcome=\"success\"}"))
                .isEmpty();
        assertThat(text.get("inventory_sync_indexer_retries_total{kind=\"bulk\"}"))
                .isEqualTo(1);
        assertThat(text.get("inventory_sync_indexer_retries_total{kind=\"search\"}"))
                .isEqualTo(0);
        assertThat(text.get("inventory_sync_indexer_failovers_total{kind=\"search\"}"))
                .isEqualTo(1);
        assertThat(text.get("inventory_sync_indexer_bulk_splits_total")).isEqualTo(1);
    }

    @Test
    void requestKindsFromPaths() {
        assertThat(Kind.of("/_bulk")).isEqualTo(Kind.BULK);
        assertThat(Kind.of("/wazuh-states-*/_delete_by_query?conflicts=proceed&refresh=true"))
                .isEqualTo(Kind.DELETE_BY_QUERY);
        assertThat(Kind.of("/a,b/_update_by_query?conflicts=proceed")).isEqualTo(Kind.UPDATE_BY_QUERY);
        assertThat(Kind.of("/idx/_search?ignore_unavailable=true")).isEqualTo(Kind.SEARCH);
        assertThat(Kind.of("/idx/_refresh?ignore_unavailable=true")).isEqualTo(Kind.REFRESH);
        assertThat(Kind.of("/_cluster/health")).isEqualTo(Kind.HEALTH);
        assertThat(Kind.of("/idx/_doc/1")).isEqualTo(Kind.OTHER);
    }

    @Test
    void startAckAndEndAckHistograms() throws IOException {
        metrics.startAck(TimeUnit.MICROSECONDS.toNanos(300));
        metrics.startAck(TimeUnit.MICROSECONDS.toNanos(700));
        metrics.endAck(TimeUnit.MILLISECONDS.toNanos(1500));
        MetricsText text = scrape(null);
        assertThat(text.get("inventory_sync_start_ack_latency_seconds_count")).isEqualTo(2);
        assertThat(text.get("inventory_sync_start_ack_latency_seconds_bucket{le=\"5.0E-4\"}"))
                .isEqualTo(1);
        assertThat(text.get("inventory_sync_start_ack_latency_seconds_bucket{le=\"0.001\"}"))
                .isEqualTo(2);
        assertThat(text.get("inventory_sync_end_ack_latency_seconds_count")).isEqualTo(1);
        assertThat(text.get("inventory_sync_end_ack_latency_seconds_bucket{le=\"1.0\"}"))
                .isEqualTo(0);
        assertThat(text.get("inventory_sync_end_ack_latency_seconds_bucket{le=\"2.5\"}"))
                .isEqualTo(1);
    }

    @Test
    void storeEstimatesAreNaNWhileUnknown() throws IOException {
        metrics.storeKeys("payload", () -> 12)
                .storeKeys("context", () -> {
                    throw new IllegalStateException("store not started");
                })
                .storeLiveDataBytes(() -> -1)
                .storeMemtableBytes(() -> 4096);
        MetricsText text = scrape(null);
        assertThat(text.get("inventory_sync_store_estimated_keys{column_family=\"payload\"}"))
                .isEqualTo(12);
        assertThat(text.get("inventory_sync_store_estimated_keys{column_family=\"context\"}"))
                .isNaN();
        assertThat(text.get("inventory_sync_store_live_data_bytes")).isNaN();
        assertThat(text.get("inventory_sync_store_memtable_bytes")).isEqualTo(4096);
    }

    @Test
    void jvmMemoryGcAndThreads() throws IOException {
        MetricsText text = scrape(null);
        List<String> names = text.samples().keySet().stream()
                .map(s -> s.replaceFirst("\\{.*", ""))
                .distinct()
                .toList();
        assertThat(names)
                .contains(
                        "jvm_memory_used_bytes",
                        "jvm_memory_max_bytes",
                        "jvm_threads_live_threads",
                        "jvm_threads_states_threads",
                        // jvm_gc_pause_seconds appears with the first collection seen after the start
                        "jvm_gc_memory_allocated_bytes_total",
                        "jvm_gc_live_data_size_bytes");
    }

    @Test
    void openMetricsWhenAskedForItPrometheusTextOtherwise() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String type = metrics.scrape(
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
                out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(type).startsWith("application/openmetrics-text");
        assertThat(text).endsWith("# EOF\n").contains("# TYPE inventory_sync_sessions_completed counter");
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        assertThat(metrics.scrape(null, plain)).startsWith("text/plain");
        assertThat(plain.toString(StandardCharsets.UTF_8))
                .contains("# TYPE inventory_sync_sessions_completed_total counter")
                .doesNotContain("# EOF");
    }

    @Test
    void promtoolFindsTheExpositionValid() throws IOException {
        Path promtool = MetricsText.promtool().orElse(null);
        assumeTrue(promtool != null, "promtool not installed (Debian package prometheus; .ci/run installs it)");
        metrics.request(Kind.BULK, 200, 1_000_000);
        metrics.startAck(100_000);
        metrics.storeKeys("payload", () -> 1);
        MetricsText.ProcessResult check = scrape(null).promtoolCheck(promtool);
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).as("promtool's lint").isBlank();
    }

    private static double count(MetricsText text, String kind, String outcome) {
        return text.get(
                "inventory_sync_indexer_request_seconds_count{kind=\"" + kind + "\",outcome=\"" + outcome + "\"}");
    }

    private MetricsText scrape(String accept) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(accept, out);
        return new MetricsText(out.toString(StandardCharsets.UTF_8));
    }
}
