package io.inventorysync.indexer.client;

import static io.inventorysync.testsupport.FaultProxy.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.config.OssecConf;
import io.inventorysync.metrics.IndexerRequestMetrics;
import io.inventorysync.testsupport.FakeTicker;
import io.inventorysync.testsupport.FaultProxy;
import io.inventorysync.testsupport.TestIndexer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * IndexerConnector against the real node, with faults injected by {@link FaultProxy} in front of it: failover,
 * waiting for a host, 429/5xx backoff, 413 splitting, health flips. The connector and its health run on a
 * {@link FakeTicker}: every backoff, probe interval and deadline is virtual time, asserted exactly (no wall-clock
 * bounds, which flake on a loaded machine), while the requests themselves are real.
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
    private final FakeTicker ticker = new FakeTicker();
    // virtual time of every probe round's probe of a host (one host per test that counts them)
    private final List<Duration> probedAt = Collections.synchronizedList(new ArrayList<>());
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

    /** A connector over {@code hosts} on {@link #ticker}, after one probe round (as at start-up) at virtual 0. */
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
        // the client's own probe, recording when (virtual time) it ran
        health = new IndexerHealth(
                client.hosts(),
                host -> {
                    probedAt.add(ticker.elapsed());
                    return client.probe(host);
                },
                ticker);
        health.probeAll();
        return new IndexerConnector(client, health, policy, IndexerRequestMetrics.NONE, ticker);
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

    /** {@code n} times {@code d}. */
    private static List<Duration> times(int n, Duration d) {
        return Collections.nCopies(n, d);
    }

    /** Probe times: the start-up round at 0, then {@code n} re-probes at {@code step}, {@code 2 * step}... */
    private static List<Duration> startUpThenEvery(Duration step, int n) {
        List<Duration> out = new ArrayList<>(List.of(Duration.ZERO));
        for (int i = 1; i <= n; i++) {
            out.add(step.multipliedBy(i));
        }
        return out;
    }

    /**
     * Each sleep of a backoff within the jitter of its step ({@link RetryPolicy#backoff}: the upper half of
     * {@code initial * 2^(n-1)}, capped at the maximum).
     */
    private static void assertBackoff(List<Duration> sleeps, long... stepsMillis) {
        assertThat(sleeps).hasSize(stepsMillis.length);
        for (int i = 0; i < stepsMillis.length; i++) {
            assertThat(sleeps.get(i).toMillis())
                    .as("backoff %d of %s", i + 1, sleeps)
                    .isBetween(stepsMillis[i] / 2, stepsMillis[i]);
        }
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
        assertThat(ticker.sleeps()).as("a dead host is skipped, not waited for").isEmpty();
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
        assertThat(ticker.sleeps()).as("failover is at once").isEmpty();

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
        assertThat(ticker.sleeps()).as("failover is at once").isEmpty();
    }

    @Test
    void unreachableIndexerThatComesBackWithinTheDeadlineSucceeds(TestIndexer indexer) throws Exception {
        FaultProxy p = proxy(indexer).refuseConnections();
        IndexerConnector connector = connector(indexer, FAST, p.url());
        assertThat(health.usableHosts()).isEmpty();
        int before = p.connections();

        ticker.at(Duration.ofMillis(800), p::passThrough); // back 800 ms (virtual) into the wait
        List<BulkItem> items = items(3, 10);
        assertAllCreated(connector.bulk(items), items);

        assertThat(ticker.elapsed()).isEqualTo(Duration.ofMillis(800));
        // waits a probe interval at a time, re-probing after each (not a busy loop); the probe at 800 ms finds it
        assertThat(ticker.sleeps()).isEqualTo(times(8, Duration.ofMillis(100)));
        assertThat(probedAt).isEqualTo(startUpThenEvery(Duration.ofMillis(100), 8));
        assertThat(p.connections() - before).as("8 probes, then the bulk").isEqualTo(9);
        assertThat(count(connector)).isEqualTo(3);
    }

    @Test
    void unreachableIndexerFailsAtTheDeadlineNamingTheHost(TestIndexer indexer) throws Exception {
        FaultProxy p = proxy(indexer).refuseConnections();
        RetryPolicy oneSecond = new RetryPolicy(
                5, Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(200));
        IndexerConnector connector = connector(indexer, oneSecond, p.url());

        assertThatThrownBy(() -> connector.bulk(items(2, 10)))
                .isInstanceOf(IndexerUnavailableException.class)
                .hasMessageContaining("_bulk of 2 items (" + index + "/d0 .. " + index + "/d1)")
                .hasMessageContaining(p.url() + " not usable:")
                .hasMessageContaining("within 1 s");
        assertThat(ticker.elapsed())
                .as("gave up at the deadline, not before or after")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(ticker.sleeps()).isEqualTo(times(5, Duration.ofMillis(200)));
        assertThat(probedAt).as("probes at most every 200 ms").isEqualTo(startUpThenEvery(Duration.ofMillis(200), 4));
        assertThat(p.connections()).as("the probes; no request got through").isEqualTo(5);
    }

    /** An interrupt ends the wait for a host at once, as an InterruptedIOException, and stays set. */
    @Test
    void interruptWhileWaitingForAHostEndsTheCall(TestIndexer indexer) {
        FaultProxy p = proxy(indexer).refuseConnections();
        IndexerConnector connector = connector(indexer, FAST, p.url());

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> connector.execute("GET", "/", null))
                    .isInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining("GET /: interrupted while waiting for the indexer");
        } finally {
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        }
        assertThat(ticker.elapsed()).isZero();
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
        assertBackoff(ticker.sleeps(), 20, 40); // FAST: 20 ms doubling
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
        assertBackoff(ticker.sleeps(), 20, 40); // none after the last attempt
    }

    /** The spec's kind of backoff, 1 s doubling to 4 s, in virtual time: the steps, the cap, the attempts. */
    @Test
    void backoffDoublesUpToItsMaximum(TestIndexer indexer) {
        FaultProxy p = proxy(indexer).answerAlways(path("/_bulk"), 503, "{\"error\":\"busy\",\"status\":503}");
        RetryPolicy sixAttempts = new RetryPolicy(
                6, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(1));
        IndexerConnector connector = connector(indexer, sixAttempts, p.url());

        assertThatThrownBy(() -> connector.bulk(items(1, 10)))
                .isInstanceOfSatisfying(
                        IndexerResponseException.class,
                        e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageContaining("after 6 attempts");
        assertThat(p.faults()).isEqualTo(6);
        assertBackoff(ticker.sleeps(), 1000, 2000, 4000, 4000, 4000);
    }

    @Test
    void serviceUnavailableForeverFailsAtTheDeadline(TestIndexer indexer) {
        FaultProxy p = proxy(indexer).answerAlways(path("/" + index), 503, "{\"error\":\"no master\",\"status\":503}");
        RetryPolicy shortDeadline = new RetryPolicy(
                100, Duration.ofMillis(600), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(100));
        IndexerConnector connector = connector(indexer, shortDeadline, p.url());

        assertThatThrownBy(() -> connector.execute("GET", "/" + index + "/_count", null))
                .isInstanceOf(IndexerResponseException.class)
                .hasMessageContaining("GET /" + index + "/_count")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("no master")
                .hasMessageContaining("deadline");
        List<Duration> sleeps = ticker.sleeps();
        long[] steps = new long[sleeps.size()];
        Arrays.fill(steps, 100);
        steps[0] = 50;
        assertBackoff(sleeps, steps); // 50 ms, then capped at 100 ms
        // it stopped because the next wait (at most 100 ms) would pass the 600 ms deadline: not earlier, not later
        assertThat(ticker.slept()).isLessThanOrEqualTo(Duration.ofMillis(600)).isGreaterThan(Duration.ofMillis(500));
        assertThat(p.faults())
                .as("one attempt before each sleep and one after the last")
                .isEqualTo(sleeps.size() + 1);
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
        assertThat(ticker.sleeps())
                .as("a 413 is split and re-sent at once, not backed off")
                .isEmpty();
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
        // waited out the 300 ms deadline a probe interval at a time, re-probing (still red) after each but the last
        assertThat(ticker.sleeps()).isEqualTo(times(3, Duration.ofMillis(100)));
        assertThat(probedAt)
                .as("at start-up, the red probe, then re-probes")
                .containsExactly(Duration.ZERO, Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200));

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
