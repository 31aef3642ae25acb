package io.inventorysync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.HealthHttpServer;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.testsupport.MetricsText;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} of a running service, read after a real session: what moved, and by how much. */
@ExtendWith(TestIndexer.Extension.class)
class MetricsEndpointTest {

    private static final String OPEN_METRICS = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static RunningService service;
    private static Path ossecConf;

    @BeforeAll
    static void start(TestIndexer indexer, @TempDir Path dir) throws Exception {
        ossecConf = indexer.writeOssecConf(dir);
        service = RunningService.start(
                ossecConf,
                dir.resolve("store"),
                Map.of("inventory.health.http.enabled", "true", "inventory.health.http.port", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    static String metricsUrl(RunningService service) {
        int port = service.bean("healthHttpServer", HealthHttpServer.class).port();
        return "http://127.0.0.1:" + port + HealthHttpServer.METRICS_PATH;
    }

    @Test
    void aSessionMovesTheCountersByWhatItSentAndGot() throws Exception {
        String url = metricsUrl(service);
        MetricsText before = MetricsText.scrape(url, null);
        List<Item> items = OperationsJmxHealthTest.packages(20);
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(OperationsJmxHealthTest.start("401", items.size()))
                    .session();
            for (int seq = 0; seq < items.size(); seq++) {
                agent.send(session, seq, items.get(seq));
            }
            router.publish(AgentMessages.end(session));
            assertThat(SessionFlows.finalEndAck(agent)).isEqualTo(Status.Ok);
        }
        // 1 Start + 20 DataValues + 1 End; StartAck, EndAck{Processing}, EndAck{Ok}
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("inventory_sync_sessions_started_total", 1.0);
        expected.put("inventory_sync_sessions_completed_total", 1.0);
        expected.put("inventory_sync_sessions_failed_total", 0.0);
        expected.put("inventory_sync_frames_received_total", 22.0);
        expected.put("inventory_sync_responses_sent_total", 3.0);
        expected.put("inventory_sync_responses_dropped_total", 0.0);
        expected.put("inventory_sync_start_ack_latency_seconds_count", 1.0);
        expected.put("inventory_sync_end_ack_latency_seconds_count", 1.0);
        expected.put("inventory_sync_route_exchanges_total{route=\"session-start\"}", 1.0);
        expected.put("inventory_sync_route_exchanges_total{route=\"session-indexing\"}", 1.0);
        expected.put("inventory_sync_route_exchanges_failed_total{route=\"session-indexing\"}", 0.0);
        // the session's 20 items in one _bulk, answered 200 by the one host
        expected.put("inventory_sync_indexer_request_seconds_count{kind=\"bulk\",outcome=\"success\"}", 1.0);
        expected.put("inventory_sync_indexer_retries_total{kind=\"bulk\"}", 0.0);
        // the replies step records after the EndAck left, the route counts once its exchange is done: the agent can
        // read its EndAck a moment before; an overshoot never matches and fails
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            MetricsText after = MetricsText.scrape(url, null);
            Map<String, Double> moved = new LinkedHashMap<>();
            expected.keySet()
                    .forEach(k -> moved.put(k, after.get(k) - before.value(k).orElse(0.0)));
            assertThat(moved).isEqualTo(expected);
        });
        MetricsText after = MetricsText.scrape(url, null);
        assertThat(after.get("inventory_sync_open_sessions")).isZero();
        assertThat(after.get("inventory_sync_pending_items")).isZero();
        assertThat(after.get("inventory_sync_indexer_hosts_usable")).isEqualTo(1);
        assertThat(after.get("inventory_sync_router_subscribed{transport=\"tcp\"}"))
                .isZero();
        assertThat(after.get("inventory_sync_route_processing_seconds_total{route=\"session-indexing\"}"))
                .isGreaterThan(before.value("inventory_sync_route_processing_seconds_total{route=\"session-indexing\"}")
                        .orElse(0.0));
        // the session's 20 items waited for their EndAck: well within the histogram's top bucket
        assertThat(after.get("inventory_sync_end_ack_latency_seconds_bucket{le=\"120.0\"}"))
                .isEqualTo(after.get("inventory_sync_end_ack_latency_seconds_count"));
        assertThat(after.get("jvm_threads_live_threads")).isPositive();
        // the store's estimates are read from the open store (not NaN: unknown)
        assertThat(after.get("inventory_sync_store_memtable_bytes")).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(after.get("inventory_sync_store_live_data_bytes")).isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(after.get("inventory_sync_store_estimated_keys{column_family=\"payload\"}"))
                .isNotNaN();
    }

    @Test
    void labelsAreFewAndNeverAnAgentOrSessionId() {
        MetricsText text = MetricsText.scrape(metricsUrl(service), null);
        Set<String> names = new TreeSet<>();
        Set<String> values = new TreeSet<>();
        Matcher label = Pattern.compile("([a-z_]+)=\"([^\"]*)\"").matcher("");
        for (String sample : text.samples().keySet()) {
            label.reset(sample);
            while (label.find()) {
                names.add(label.group(1));
                if (!label.group(1).equals("le")) {
                    values.add(label.group(2));
                }
            }
        }
        // ours, then the JVM binders' (memory area and pool, thread state, GC action and cause)
        assertThat(names)
                .isSubsetOf(
                        "route",
                        "kind",
                        "outcome",
                        "column_family",
                        "transport",
                        "le",
                        "area",
                        "id",
                        "state",
                        "gc",
                        "action",
                        "cause");
        // agent ids are 3+ digits, session ids 64-bit numbers
        assertThat(values).noneMatch(v -> v.matches("\\d{3,}"));
    }

    @Test
    void everyMetricTheAlertRulesUseIsExported() throws Exception {
        Set<String> exported = new TreeSet<>();
        MetricsText.scrape(metricsUrl(service), null)
                .samples()
                .keySet()
                .forEach(s -> exported.add(s.replaceFirst("\\{.*", "")));
        Set<String> used = new TreeSet<>();
        Matcher name = Pattern.compile("inventory_sync_[a-z_]+")
                .matcher(Files.readString(Path.of("config/prometheus/alerts.yml")));
        while (name.find()) {
            used.add(name.group());
        }
        assertThat(used).hasSizeGreaterThan(5);
        assertThat(exported).containsAll(used);
    }

    @Test
    void promtoolFindsTheLiveScrapeValid() {
        Path promtool = MetricsText.promtool().orElse(null);
        assumeTrue(promtool != null, "promtool not installed (Debian package prometheus; .ci/run installs it)");
        MetricsText.ProcessResult check =
                MetricsText.scrape(metricsUrl(service), null).promtoolCheck(promtool);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void openMetricsWhenPrometheusAsksForIt() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(metricsUrl(service)))
                                .header("Accept", OPEN_METRICS)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(r.body()).endsWith("# EOF\n").contains("inventory_sync_sessions_completed_total");
    }

    @Test
    void theRegistryCanBeTurnedOffWithTheHealthChecksStillServed(@TempDir Path dir) throws Exception {
        try (RunningService off = RunningService.start(
                ossecConf,
                dir.resolve("store"),
                Map.of(
                        "inventory.health.http.enabled", "true",
                        "inventory.health.http.port", "0",
                        "inventory.metrics.enabled", "false",
                        "camel.main.name", "inventory-sync-no-metrics"))) {
            HttpClient http = HttpClient.newHttpClient();
            int port = off.bean("healthHttpServer", HealthHttpServer.class).port();
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(404);
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + HealthHttpServer.PATH))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(off.bean("prometheusMetrics", Object.class)).isNull();
        }
    }
}
