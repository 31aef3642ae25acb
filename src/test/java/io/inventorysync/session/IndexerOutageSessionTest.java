package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.client.IndexerHealth;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Result;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.testsupport.FaultProxy;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer goes away while a session is being received (behaviour.md §8): the complete session waits for it up
 * to the retry deadline, then gets EndAck{Error}; once the indexer is back, the next session is Ok and nothing of
 * the failed one is left in RocksDB.
 */
@ExtendWith(TestIndexer.Extension.class)
class IndexerOutageSessionTest {

    @Test
    void indexerDownMidSessionFailsItThenTheNextSessionIsOk(TestIndexer indexer, @TempDir Path dir) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(indexer);
                IndexerQueries queries = new IndexerQueries(indexer, dir)) {
            Path conf = TestIndexer.writeOssecConf(
                    dir,
                    List.of(proxy.url()),
                    List.of(indexer.cert("root-ca.pem")),
                    indexer.cert("client.pem"),
                    indexer.cert("client-key.pem"));
            try (RunningService service = RunningService.start(
                            conf,
                            dir.resolve("store"),
                            Map.of(
                                    "inventory.indexer.retry-deadline",
                                    "2s",
                                    "inventory.indexer.unavailable-probe-interval",
                                    "200ms"));
                    RouterClient router = service.connect()) {
                SimulatedAgent agent = new SimulatedAgent(router);
                var items = SessionSyncTest.packages(20, 1);
                SimulatedAgent.Ack start = agent.start(SessionSyncTest.start("60", Mode.ModuleFull, items.size()));
                assertThat(start.ok()).isTrue();
                proxy.refuseConnections();
                agent.sendItems(start.session(), items, Set.of());
                NotifyBuilder ended = new NotifyBuilder(service.context())
                        .fromRoute("session-indexing")
                        .filter(e -> SessionSyncTest.isSession(e, start.session()))
                        .whenDone(1)
                        .create();
                router.publish(AgentMessages.end(start.session()));
                assertThat(SessionSyncTest.finalEndAck(agent).status()).isEqualTo(Status.Error);
                assertThat(ended.matches(10, TimeUnit.SECONDS)).isTrue();
                try (var left = service.bean("sessionPayload", RocksDBPayload.class)
                        .readItems(RocksDBKeyspace.PAYLOAD, start.session())) {
                    assertThat(left.count()).isZero();
                }

                proxy.passThrough();
                Result next = agent.sync(SessionSyncTest.start("60", Mode.ModuleFull, 0), items, Set.of());
                // the service may still see no usable host for up to one health probe: then Start is Offline, retry
                while (next.start().status() == Status.Offline) {
                    service.bean("indexerHealth", IndexerHealth.class).probeAll();
                    next = agent.sync(SessionSyncTest.start("60", Mode.ModuleFull, 0), items, Set.of());
                }
                assertThat(next.end().status()).isEqualTo(Status.Ok);
                assertThat(queries.count(SessionSyncTest.PACKAGES, "060")).isEqualTo(20);
            }
        }
    }
}
