package io.inventorysync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.metrics.HealthHttpServer;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.MetricsText;
import io.inventorysync.testsupport.Prometheus;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package, installed by {@code .ci/run}) scrapes a running service and answers a query
 * with the service's own count of completed sessions.
 */
@ExtendWith(TestIndexer.Extension.class)
class PrometheusScrapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void prometheusScrapesTheServiceAndAnswersWithItsCounter(TestIndexer indexer, @TempDir Path dir) throws Exception {
        Path binary = Prometheus.binary("prometheus").orElse(null);
        assumeTrue(
                binary != null,
                "the prometheus binary is not installed (apt-get install prometheus; .ci/run installs it): skipped");
        try (RunningService service = RunningService.start(
                indexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of(
                        "inventory.health.http.enabled", "true",
                        "inventory.health.http.port", "0",
                        "camel.main.name", "inventory-sync-scraped"))) {
            try (RouterClient router = service.connect()) {
                SimulatedAgent agent = new SimulatedAgent(router);
                List<SimulatedAgent.Item> items = OperationsJmxHealthTest.packages(5);
                assertThat(agent.sync(OperationsJmxHealthTest.start("501", items.size()), items, Set.of())
                                .ok())
                        .isTrue();
            }
            int port = service.bean("healthHttpServer", HealthHttpServer.class).port();
            String url = "http://127.0.0.1:" + port + HealthHttpServer.METRICS_PATH;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> MetricsText.scrape(url, null).get("inventory_sync_sessions_completed_total") == 1);

            Path home = dir.resolve("prometheus");
            Files.createDirectories(home);
            try (Prometheus prometheus =
                    Prometheus.start(binary, home, port, Path.of("config/prometheus/alerts.yml"))) {
                String[] value = new String[1];
                await("a scrape of the service by Prometheus")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            JsonNode result = JSON.readTree(prometheus.query("inventory_sync_sessions_completed_total"))
                                    .path("data")
                                    .path("result");
                            if (result.isEmpty()) {
                                return false;
                            }
                            value[0] = result.get(0).path("value").get(1).asText();
                            return true;
                        });
                assertThat(value[0]).as(prometheus.log()).isEqualTo("1");
                JsonNode up = JSON.readTree(prometheus.query("up{job=\"inventory-sync\"}"))
                        .path("data")
                        .path("result");
                assertThat(up.get(0).path("value").get(1).asText()).isEqualTo("1");
                // scraped in OpenMetrics: the histograms arrive with their buckets
                JsonNode buckets = JSON.readTree(prometheus.query("inventory_sync_start_ack_latency_seconds_bucket"))
                        .path("data")
                        .path("result");
                assertThat(buckets.size()).isGreaterThan(5);

                // the alert rules load in a real server, and none is pending or firing for a healthy service
                Instant scraped = Instant.now();
                await("an evaluation of the alert rules after the scrape")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            JsonNode group = JSON.readTree(
                                            prometheus.get("/api/v1/rules").body())
                                    .path("data")
                                    .path("groups")
                                    .path(0);
                            return group.path("rules").size() == 7
                                    && Instant.parse(
                                                    group.path("lastEvaluation").asText())
                                            .isAfter(scraped);
                        });
                assertThat(JSON.readTree(prometheus.query("ALERTS"))
                                .path("data")
                                .path("result"))
                        .as(prometheus.get("/api/v1/rules").body())
                        .isEmpty();
            }
        }
    }
}
