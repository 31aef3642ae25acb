package io.inventorysync.indexer.client;

import static io.inventorysync.testsupport.FaultProxy.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.config.OssecConf;
import io.inventorysync.testsupport.FaultProxy;
import io.inventorysync.testsupport.TestIndexer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * IndexerConnector against the real node, with faults injected by {@link FaultProxy} in front of it: failover,
 * waiting for a host, 429/5xx backoff, 413 splitting, health flips. Backoffs are milliseconds so the class is quick.
 */
@ExtendWith(TestIndexer.Extension.class)
class IndexerConnectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger INDEX = new AtomicInteger();
    /** Short everything: 5 attempts, 5 s deadline, 20 ms doubling to 100 ms, re-probe every 100 ms. */
    private static final RetryPolicy FAST = new RetryPolicy(
            5, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(100));

    /** A whole health answer, as a node gives it, with status red. */
    private static final String RED_HEALTH = """
            {"cluster_name":"test","status":"red","timed_out":false,"number_of_nodes":1,"number_of_data_nodes":1,
             "discovered_master":true,"discovered_cluster_manager":true,"active_primary_shards":0,"active_shards":0,
             "relocating_shards":0,"initializing_shards":0,"unassigned_shards":1,"delayed_unassigned_shards":0,
             "number_of_pending_tasks":0,"number_of_in_flight_fetch":0,"task_max_waiting_in_queue_millis":0,
             "active_shards_percent_as_number":0.0}""";

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final String index = "connector-test-" + INDEX.incrementAndGet();
    private IndexerHealth health;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private FaultProxy proxy(TestIndexer indexer) {
        FaultProxy p = FaultProxy.start(indexer);
        resources.add(p);
        return p;
    }

    /** A connector over {@code hosts}, after one probe round (as at start-up). */
    private IndexerConnector connector(TestIndexer indexer, RetryPolicy policy, String... hosts) {
        OssecConf conf = OssecConf.load(TestIndexer.writeOssecConf(
                dir,
                List.of(hosts),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem")));
        IndexerClient client = IndexerClient.builder(conf.indexerSettings())
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(20))
                .probeTimeout(Duration.ofSeconds(2))
                .build();
        resources.add(client);
        health = new IndexerHealth(client);
        health.probeAll();
        return new IndexerConnector(client, health, policy);
    }

    /** {@code n} index items of about {@code padding} bytes each, ids d0, d1... */
    private List<BulkItem> items(int n, int padding) {
        List<BulkItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(item("d" + i, padding));
        }
        return out;
    }

    private BulkItem item(String id, int padding) {
        try {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            ObjectNode action = JSON.createObjectNode();
            action.putObject("index").put("_index", index).put("_id", id);
            lines.write(JSON.writeValueAsBytes(action));
            lines.write('\n');
            lines.write(
                    JSON.writeValueAsBytes(JSON.createObjectNode().put("id", id).put("pad", "x".repeat(padding))));
            lines.write('\n');
            return new BulkItem(index, id, lines.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The documents really in the index, after a refresh (through the connector, like the service would). */
    private long count(IndexerConnector connector) throws IOException {
        Response refresh = connector.execute("POST", "/" + index + "/_refresh", null);
        assertThat(refresh.status()).as(refresh.bodyAsString()).isEqualTo(200);
        Response count = connector.execute("GET", "/" + index + "/_count", null);
        assertThat(count.status()).as(count.bodyAsString()).isEqualTo(200);
        return JSON.readTree(count.body()).path("count").asLong();
    }

    private static void assertAllCreated(List<BulkItemResult> results, List<BulkItem> items) {
        assertThat(results)
                .extracting(BulkItemResult::id)
                .containsExactlyElementsOf(items.stream().map(BulkItem::id).toList());
        assertThat(results).allSatisfy(r -> assertThat(r.status()).as("%s", r).isIn(200, 201));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void firstHostDeadEveryRequestSucceedsOnTheSecond(TestIndexer indexer) throws Exception {
        String dead = "https://localhost:" + closedPort();
        IndexerConnector connector = connector(indexer, FAST, dead, indexer.url());
        assertThat(health.usableHosts()).containsExactly(indexer.url());

        for (int i = 0; i < 6; i++) {
            List<BulkItem> one = List.of(item("dead-" + i, 10));
            assertAllCreated(connector.bulk(one), one);
        }
        assertThat(count(connector)).isEqualTo(6);
    }

    /** Both hosts healthy at the probe; then one refuses connections: the same request moves to the other. */
    @Test
    void hostRefusingAfterItsProbeFailsOverTheSameRequest(TestIndexer indexer) throws Exception {
        FaultProxy a = proxy(indexer);
        FaultProxy b = proxy(indexer);
        IndexerConnector connector = connector(indexer, FAST, a.url(), b.url());
        assertThat(health.usableHosts()).containsExactly(a.url(), b.url());
        a.refuseConnections();

        for (int i = 0; i < 4; i++) {
            Response r = connector.execute("GET", "/", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.host()).isEqualTo(b.url());
        }
        assertThat(a.faults())
                .as("a is out of the rotation after its first failure")
                .isEqualTo(1);
        assertThat(health.usableHosts()).containsExactly(b.url());
        assertThat(health.states().get(0).reason()).isNotBlank();

        a.passThrough();
        health.probeAll();
        assertThat(health.usableHosts()).as("back after a successful probe").containsExactly(a.url(), b.url());
    }

    @Test
    void connectionResetMidBulkIsRetriedOnAnotherHost(TestIndexer indexer) throws Exception {
        FaultProxy a = proxy(indexer).resetWhen(path("/_bulk"));
        FaultProxy b = proxy(indexer);
        IndexerConnector connector = connector(indexer, FAST, a.url(), b.url());
        assertThat(health.usableHosts()).containsExactly(a.url(), b.url());

        List<BulkItem> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // round-robin: at least one of these starts on a
            List<BulkItem> chunk = List.of(item("r" + i + "a", 5000), item("r" + i + "b", 5000));
            assertAllCreated(connector.bulk(chunk), chunk);
            all.addAll(chunk);
        }
        assertThat(a.faults()).isEqualTo(1);
        assertThat(a.requests()).filteredOn(r -> r.path().equals("/_bulk")).hasSize(1); // reset, then out
        assertThat(health.usableHosts()).containsExactly(b.url());
        assertThat(count(connector)).isEqualTo(all.size());
    }

    @Test
    void unreachableIndexerThatComesBackWithinTheDeadlineSucceeds(TestIndexer indexer) throws Exception {
        FaultProxy p = proxy(indexer).refuseConnections();
        IndexerConnector connector = connector(indexer, FAST, p.url());
        assertThat(health.usableHosts()).isEmpty();
        int before = p.connections();

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        resources.add(timer::shutdownNow);
        timer.schedule(p::passThrough, 800, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        List<BulkItem> items = items(3, 10);
        assertAllCreated(connector.bulk(items), items);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).isBetween(700L, 4000L);
        // re-probes every 100 ms while waiting, not a busy loop: about 8 connections in 800 ms
        assertThat(p.connections() - before).isBetween(2, 20);
        assertThat(count(connector)).isEqualTo(3);
    }

    @Test
    void unreachableIndexerFailsAtTheDeadlineNamingTheHost(TestIndexer indexer) throws Exception {
        FaultProxy p = proxy(indexer).refuseConnections();
        RetryPolicy oneSecond = new RetryPolicy(
                5, Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(200));
        IndexerConnector connector = connector(indexer, oneSecond, p.url());

        long start = System.nanoTime();
        assertThatThrownBy(() -> connector.bulk(items(2, 10)))
                .isInstanceOf(IndexerUnavailableException.class)
                .hasMessageContaining("_bulk of 2 items (" + index + "/d0 .. " + index + "/d1)")
                .hasMessageContaining(p.url() + " not usable:")
                .hasMessageContaining("within 1 s");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isBetween(900L, 4000L);
        assertThat(p.connections()).as("probes at most every 200 ms").isLessThanOrEqualTo(10);
    }

    @Test
    void tooManyRequestsRetriedThenSucceeds(TestIndexer indexer) throws Exception {
        FaultProxy p = proxy(indexer)
                .answer(
                        path("/_bulk"),
                        429,
                        "{\"error\":{\"type\":\"es_rejected_execution_exception\"},\"status\":429}",
                        2);
        IndexerConnector connector = connector(indexer, FAST, p.url());

        List<BulkItem> items = items(4, 10);
        assertAllCreated(connector.bulk(items), items);
        assertThat(p.faults()).isEqualTo(2);
        assertThat(p.requests()).filteredOn(r -> r.path().equals("/_bulk")).hasSize(3);
        assertThat(health.usableHosts()).as("a 429 is not a transport failure").containsExactly(p.url());
        assertThat(count(connector)).isEqualTo(4);
    }

    @Test
    void tooManyRequestsForeverFailsAfterTheAttempts(TestIndexer indexer) {
        FaultProxy p = proxy(indexer).answerAlways(path("/_bulk"), 429, "{\"error\":\"slow down\",\"status\":429}");
        RetryPolicy threeAttempts = new RetryPolicy(
                3, Duration.ofSeconds(10), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(100));
        IndexerConnector connector = connector(indexer, threeAttempts, p.url());

        assertThatThrownBy(() -> connector.bulk(items(2, 10)))
                .isInstanceOfSatisfying(IndexerResponseException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.host()).isEqualTo(p.url());
                })
                .hasMessageContaining(p.url())
                .hasMessageContaining(index + "/d0")
                .hasMessageContaining("slow down")
                .hasMessageContaining("after 3 attempts");
        assertThat(p.faults()).isEqualTo(3);
    }

    @Test
    void serviceUnavailableForeverFailsAtTheDeadline(TestIndexer indexer) {
        FaultProxy p = proxy(indexer).answerAlways(path("/" + index), 503, "{\"error\":\"no master\",\"status\":503}");
        RetryPolicy shortDeadline = new RetryPolicy(
                100, Duration.ofMillis(600), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(100));
        IndexerConnector connector = connector(indexer, shortDeadline, p.url());

        long start = System.nanoTime();
        assertThatThrownBy(() -> connector.execute("GET", "/" + index + "/_count", null))
                .isInstanceOf(IndexerResponseException.class)
                .hasMessageContaining("GET /" + index + "/_count")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("no master")
                .hasMessageContaining("deadline");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000L);
        assertThat(p.faults()).isBetween(2, 15);
    }

    @Test
    void otherClientErrorsAreReturnedAsIs(TestIndexer indexer) throws Exception {
        IndexerConnector connector = connector(indexer, FAST, indexer.url());
        Response r = connector.execute("GET", "/" + index + "-absent/_doc/x", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.host()).isEqualTo(indexer.url());
    }

    /** Items of ~230 bytes, 16 of them; a limit of 1000 bytes forces chunks of at most 4. */
    @Test
    void bulkAboveTheSizeLimitIsSplitUntilEveryItemIsIndexed(TestIndexer indexer) throws Exception {
        FaultProxy p = proxy(indexer).limitBody(1000);
        IndexerConnector connector = connector(indexer, FAST, p.url());

        List<BulkItem> items = items(16, 150);
        assertThat(BulkBody.size(items)).isGreaterThan(3000);
        assertAllCreated(connector.bulk(items), items);

        List<FaultProxy.Request> bulks =
                p.requests().stream().filter(r -> r.path().equals("/_bulk")).toList();
        assertThat(bulks.get(0).contentLength()).isEqualTo(BulkBody.size(items));
        assertThat(p.faults()).isGreaterThanOrEqualTo(3); // 16 -> 8+8 -> 4*4 at least
        long accepted = bulks.stream()
                .filter(r -> r.contentLength() <= 1000)
                .mapToLong(FaultProxy.Request::contentLength)
                .sum();
        assertThat(accepted).as("each item sent once in an accepted chunk").isEqualTo(BulkBody.size(items));
        assertThat(count(connector)).isEqualTo(16);
    }

    @Test
    void singleItemAboveTheLimitIsReported413NamingItsIdOthersIndexed(TestIndexer indexer) throws Exception {
        FaultProxy p = proxy(indexer).limitBody(1000);
        IndexerConnector connector = connector(indexer, FAST, p.url());

        List<BulkItem> items = new ArrayList<>(items(5, 100));
        items.add(2, item("huge", 2000));
        List<BulkItemResult> results = connector.bulk(items);

        assertThat(results).extracting(BulkItemResult::id).containsExactly("d0", "d1", "huge", "d2", "d3", "d4");
        BulkItemResult huge = results.get(2);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.action()).isEqualTo("index");
        assertThat(huge.index()).isEqualTo(index);
        assertThat(huge.errorReason()).contains("huge").contains(p.url()).contains("413");
        assertThat(results)
                .filteredOn(r -> !r.id().equals("huge"))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(count(connector)).isEqualTo(5);
    }

    @Test
    void healthRedIsNotUsableUntilGreenAgain(TestIndexer indexer) throws Exception {
        FaultProxy p = proxy(indexer);
        RetryPolicy shortDeadline = new RetryPolicy(
                3, Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(100));
        IndexerConnector connector = connector(indexer, shortDeadline, p.url());
        assertThat(health.usableHosts()).containsExactly(p.url());

        p.answerAlways(path("/_cluster/health"), 200, RED_HEALTH);
        HostHealth red = health.probeAll().get(0);
        assertThat(red.usable()).isFalse();
        assertThat(red.status()).isEqualTo("red");
        assertThat(red.reason()).isEqualTo("cluster status red");
        assertThatThrownBy(() -> connector.execute("GET", "/", null))
                .isInstanceOf(IndexerUnavailableException.class)
                .hasMessageContaining("cluster status red");

        p.passThrough();
        assertThat(health.probeAll().get(0).usable()).isTrue();
        assertThat(connector.execute("GET", "/", null).status()).isEqualTo(200);

        p.answerAlways(path("/_cluster/health"), 403, "{\"error\":\"no permissions for cluster:monitor/health\"}");
        HostHealth forbidden = health.probeAll().get(0);
        assertThat(forbidden.usable()).isFalse();
        assertThat(forbidden.reason()).startsWith("HTTP 403").contains("no permissions");
    }

    @Test
    void requestsGoRoundRobinOverUsableHosts(TestIndexer indexer) throws Exception {
        FaultProxy a = proxy(indexer);
        FaultProxy b = proxy(indexer);
        IndexerConnector connector = connector(indexer, FAST, a.url(), b.url());
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answeredBy.add(connector.execute("GET", "/", null).host());
        }
        assertThat(answeredBy).containsOnly(a.url(), b.url());
        assertThat(answeredBy.get(0)).isNotEqualTo(answeredBy.get(1));
        assertThat(answeredBy.get(1)).isNotEqualTo(answeredBy.get(2));
    }
}
