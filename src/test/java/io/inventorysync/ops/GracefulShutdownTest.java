package io.inventorysync.ops;

import static io.inventorysync.testsupport.FaultProxy.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.router.GracefulShutdown;
import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterConnections;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.store.RocksDBStore;
import io.inventorysync.testsupport.FaultProxy;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the service (what SIGTERM does): frames stop being read, a complete session still being indexed gets its
 * EndAck, then RocksDB closes; with an indexer that never recovers, the stop still ends within the timeout.
 * The indexer is slowed by answering {@code _bulk} 503 through a {@link FaultProxy}.
 */
@ExtendWith(TestIndexer.Extension.class)
class GracefulShutdownTest {

    @TempDir
    Path dir;

    private FaultProxy proxy;
    private RunningService service;

    @AfterEach
    void cleanUp() throws Exception {
        if (service != null) {
            service.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private RunningService start(TestIndexer indexer, String shutdownTimeout) throws Exception {
        proxy = FaultProxy.start(indexer);
        Path conf = TestIndexer.writeOssecConf(
                dir,
                List.of(proxy.url()),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem"));
        service = RunningService.start(
                conf,
                dir.resolve("store"),
                Map.of(
                        "inventory.shutdown.timeout", shutdownTimeout,
                        "inventory.indexer.retry-initial-backoff", "400ms",
                        "inventory.indexer.retry-max-backoff", "400ms"));
        return service;
    }

    @Test
    void theShutdownStrategyHasTheConfiguredTimeout(TestIndexer indexer) throws Exception {
        start(indexer, "7");
        var strategy = service.context().getShutdownStrategy();
        assertThat(strategy).isInstanceOf(GracefulShutdown.class);
        assertThat(strategy.getTimeUnit().toSeconds(strategy.getTimeout())).isEqualTo(7);
    }

    @Test
    void aCompleteSessionInFlightIsAnsweredBeforeTheStoreCloses(TestIndexer indexer) throws Exception {
        start(indexer, "30");
        RocksDBStore store = service.bean("sessionStore", RocksDBStore.class);
        RouterConnections connections = service.bean("routerConnections", RouterConnections.class);
        // the first four _bulk requests are refused: indexing takes at least 1.6 s
        proxy.answer(path("/_bulk"), 503, "{\"error\":\"busy\"}", 4);
        List<Item> items = OperationsJmxHealthTest.packages(300);
        CompletableFuture<Void> stopped;
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(OperationsJmxHealthTest.start("401", items.size()))
                    .session();
            agent.sendItems(session, items, Set.of());
            router.publish(AgentMessages.end(session));
            assertThat(endAck(agent)).isEqualTo(Status.Processing); // complete, queued for the indexer
            stopped = CompletableFuture.runAsync(() -> {
                try {
                    service.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(endAck(agent)).isEqualTo(Status.Ok);
            assertThat(connections.isReading()).isFalse(); // the stop had begun before the answer
        }
        stopped.get(30, TimeUnit.SECONDS);
        service = null;
        assertThat(store.isOpen()).isFalse();
        try (IndexerQueries queries = new IndexerQueries(indexer, dir)) {
            assertThat(queries.count(OperationsJmxHealthTest.PACKAGES, "401")).isEqualTo(300);
        }
    }

    @Test
    void anIndexerThatNeverRecoversDoesNotHoldTheStopPastItsTimeout(TestIndexer indexer) throws Exception {
        start(indexer, "3");
        RocksDBStore store = service.bean("sessionStore", RocksDBStore.class);
        proxy.answerAlways(path("/_bulk"), 503, "{\"error\":\"busy\"}");
        List<Item> items = OperationsJmxHealthTest.packages(10);
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(OperationsJmxHealthTest.start("402", items.size()))
                    .session();
            agent.sendItems(session, items, Set.of());
            router.publish(AgentMessages.end(session));
            assertThat(endAck(agent)).isEqualTo(Status.Processing);
            // the stop is bounded by its timeout (3 s here) plus Camel's own route shutdown: a hang fails this
            RunningService stopping = service;
            service = null;
            assertTimeoutPreemptively(Duration.ofSeconds(15), stopping::close);
        }
        assertThat(store.isOpen()).isFalse();
    }

    private static byte endAck(SimulatedAgent agent) throws Exception {
        Message m = agent.receive();
        assertThat(m.contentType()).isEqualTo(MessageType.EndAck);
        return ((EndAck) m.content(new EndAck())).status();
    }
}
