package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two complete sessions of one agent queued together are never indexed in one group, where the second's clean would
 * run before the first's items: they go in order, so what the agent sent last replaces what it sent before.
 */
@ExtendWith(TestIndexer.Extension.class)
class SameAgentIndexedInOrderTest {

    @Test
    void theLaterFullSessionReplacesTheEarlierOne(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        try (RunningService service = IndexingPause.serviceWithOneIndexingThread(testIndexer, dir, Map.of());
                IndexerQueries indexer = new IndexerQueries(testIndexer, dir);
                RouterClient a = service.connect();
                RouterClient b = service.connect()) {
            ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
            IndexingPause.suspend(service.context());
            // two modules of agent 084, both ModuleFull over the packages index: two open sessions at once
            SimulatedAgent earlier = QueuedSessionsIndexedTogetherTest.complete(
                    a,
                    SessionSyncTest.start("84", Mode.ModuleFull, 2).module("syscollector"),
                    SessionSyncTest.packages(2, 1));
            SimulatedAgent later = QueuedSessionsIndexedTogetherTest.complete(
                    b,
                    SessionSyncTest.start("84", Mode.ModuleFull, 1).module("syscollector-packages"),
                    List.of(SessionSyncTest.pkg(7, 2)));
            long groups = metrics.indexingGroups.sum();

            IndexingPause.resume(service.context());
            assertThat(SessionSyncTest.finalEndAck(earlier).status()).isEqualTo(Status.Ok);
            assertThat(SessionSyncTest.finalEndAck(later).status()).isEqualTo(Status.Ok);
            assertThat(metrics.indexingGroups.sum() - groups).isEqualTo(2);
            assertThat(indexer.count(SessionSyncTest.PACKAGES, "084")).isEqualTo(1);
        }
    }
}
