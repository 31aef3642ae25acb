package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.store.RocksDBStoreException;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing delete of a session's stored data (RocksDB refusing the range delete when the session closes) is logged
 * and counted, and loses neither the session's EndAck nor the StartAck of the Start that replaced a session.
 */
@ExtendWith(TestIndexer.Extension.class)
class DeleteFailureKeepsResponsesTest {

    private static RunningService service;

    @BeforeAll
    static void start(TestIndexer indexer, @TempDir Path dir) throws Exception {
        service = RunningService.start(indexer.writeOssecConf(dir), dir.resolve("store"), Map.of());
        // fails like the store's range delete, registered beside it
        service.bean("sessionAdmission", SessionAdmission.class).onClose(session -> {
            throw new RocksDBStoreException(
                    "RocksDB store: cannot delete the items of session " + session.idText() + " (test)");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void theEndAckStillLeaves() throws Exception {
        ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        long failed = metrics.deletesFailed.sum();
        try (RouterClient router = service.connect()) {
            SimulatedAgent.Result result = new SimulatedAgent(router)
                    .sync(SessionSyncTest.start("90", Mode.ModuleFull, 3), SessionSyncTest.packages(3, 1), Set.of());
            assertThat(result.end().status()).isEqualTo(Status.Ok);
        }
        assertThat(metrics.deletesFailed.sum() - failed).isEqualTo(1);
    }

    @Test
    void theStartAckOfAReplacingStartStillLeaves() throws Exception {
        ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        long failed = metrics.deletesFailed.sum();
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            assertThat(agent.start(SessionSyncTest.start("91", Mode.ModuleFull, 3))
                            .status())
                    .isEqualTo(Status.Ok);
            SimulatedAgent.Ack second = agent.start(SessionSyncTest.start("91", Mode.ModuleFull, 3));
            assertThat(second.status()).isEqualTo(Status.Ok);
            service.bean("sessionAdmission", SessionAdmission.class).end(second.session());
        }
        assertThat(metrics.deletesFailed.sum() - failed).isEqualTo(2);
    }
}
