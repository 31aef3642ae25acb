package io.inventorysync.indexer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.inventorysync.config.OssecConf;
import io.inventorysync.testsupport.FakeTicker;
import io.inventorysync.testsupport.TestIndexer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@ExtendWith(TestIndexer.Extension.class)
class IndexerHealthTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(IndexerHealth.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private List<String> logged(Level level) {
        return logs.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void realNodeUsableAndClosedPortUnusableEachLoggedOnce(TestIndexer indexer, @TempDir Path dir) throws IOException {
        String closed = "https://127.0.0.1:" + closedPort();
        OssecConf conf = OssecConf.load(TestIndexer.writeOssecConf(
                dir,
                List.of(indexer.url(), closed),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem")));
        try (IndexerClient client = IndexerClient.create(conf.indexerSettings())) {
            IndexerHealth health = new IndexerHealth(client);
            assertThat(health.anyHostUsable()).as("nothing probed yet").isFalse();

            health.probeAll();
            health.probeAll();
            health.probeAll();

            assertThat(health.usableHosts())
                    .as("node log: %s", indexer.logFile())
                    .containsExactly(indexer.url());
            assertThat(health.usableHostCount()).isEqualTo(1);
            assertThat(health.anyHostUsable()).isTrue();
            assertThat(logged(Level.INFO)).singleElement().asString().contains(indexer.url(), "usable");
            assertThat(logged(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains(closed, "not usable", "Connection refused");
        }
    }

    @Test
    void everyChangeIsLoggedOnceWithItsReason() {
        Deque<HostHealth> script = new ArrayDeque<>(List.of(
                HostHealth.usable("https://h:9200", "green"),
                HostHealth.usable("https://h:9200", "yellow"),
                HostHealth.unusable("https://h:9200", "red", "cluster status red"),
                HostHealth.unusable("https://h:9200", null, "HTTP 503: not ready"),
                HostHealth.usable("https://h:9200", "green")));
        IndexerHealth health = new IndexerHealth(List.of("https://h:9200"), host -> script.removeFirst());

        health.probeAll();
        health.probeAll();
        assertThat(health.anyHostUsable()).isTrue();
        health.probeAll();
        assertThat(health.usableHosts()).isEmpty();
        health.probeAll();
        health.probeAll();
        assertThat(health.usableHostCount()).isEqualTo(1);

        assertThat(logs.list)
                .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        tuple(Level.INFO, "indexer host https://h:9200 usable (green)"),
                        tuple(Level.WARN, "indexer host https://h:9200 not usable: cluster status red"),
                        tuple(Level.INFO, "indexer host https://h:9200 usable (green)"));
    }

    @Test
    void transportFailureMarksUnusableOnceUntilTheNextSuccessfulProbe() {
        IndexerHealth health = new IndexerHealth(List.of("https://h:9200"), host -> HostHealth.usable(host, "green"));
        health.probeAll();
        health.markUnusable("https://h:9200", "SocketException: Connection reset");
        health.markUnusable("https://h:9200", "SocketException: Connection reset");
        assertThat(health.usableHosts()).isEmpty();
        health.probeAll();
        assertThat(health.usableHosts()).containsExactly("https://h:9200");
        assertThat(logged(Level.WARN))
                .containsExactly("indexer host https://h:9200 not usable: SocketException: Connection reset");
        assertThat(logged(Level.INFO)).hasSize(2);
    }

    /** Waiting requests ask for re-probes often; a round runs at most once per interval, and never two at once. */
    @Test
    void reprobesOfWaitingRequestsCoalesce() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CountDownLatch inProbe = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeTicker ticker = new FakeTicker();
        IndexerHealth health = new IndexerHealth(
                List.of("https://h:9200"),
                host -> {
                    if (probes.incrementAndGet() == 1) {
                        inProbe.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return HostHealth.unusable(host, null, "down");
                },
                ticker);
        Duration interval = Duration.ofMinutes(1);
        Thread first = new Thread(() -> health.probeIfStale(interval));
        first.start();
        inProbe.await();
        assertThat(health.probeIfStale(interval)).as("another round is running").isFalse();
        release.countDown();
        first.join();
        assertThat(health.probeIfStale(interval)).as("the last round is fresh").isFalse();
        assertThat(probes).hasValue(1);
        // stale exactly one interval after the last round started (virtual time: no wall-clock race)
        ticker.advance(interval.minusNanos(1));
        assertThat(health.probeIfStale(interval))
                .as("1 ns short of the interval")
                .isFalse();
        assertThat(probes).hasValue(1);
        ticker.advance(Duration.ofNanos(1));
        assertThat(health.probeIfStale(interval)).isTrue();
        assertThat(probes).hasValue(2);
        assertThat(health.probeIfStale(interval))
                .as("the interval counts from the new round")
                .isFalse();
        assertThat(probes).hasValue(2);
    }

    /** A round started by {@link IndexerHealth#probeAll} (the timer route) resets the interval too. */
    @Test
    void aScheduledRoundMakesReprobesWait() {
        AtomicInteger probes = new AtomicInteger();
        FakeTicker ticker = new FakeTicker();
        IndexerHealth health = new IndexerHealth(
                List.of("https://h:9200"),
                host -> {
                    probes.incrementAndGet();
                    return HostHealth.unusable(host, null, "down");
                },
                ticker);
        Duration interval = Duration.ofSeconds(1);
        assertThat(health.probeIfStale(interval)).as("never probed: stale").isTrue();
        ticker.advance(Duration.ofMillis(700));
        health.probeAll();
        ticker.advance(Duration.ofMillis(700));
        assertThat(health.probeIfStale(interval))
                .as("700 ms after the scheduled round")
                .isFalse();
        ticker.advance(Duration.ofMillis(300));
        assertThat(health.probeIfStale(interval)).isTrue();
        assertThat(probes).hasValue(3);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
