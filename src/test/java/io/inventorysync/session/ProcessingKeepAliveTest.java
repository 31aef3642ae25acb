package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A complete session that waits for the indexer longer than the keep-alive tells its agent, unasked, to keep waiting
 * (EndAck{Processing} again, no End resent): an agent gives up after its wait for an answer, however long the queue.
 */
@ExtendWith(TestIndexer.Extension.class)
class ProcessingKeepAliveTest {

    @Test
    void aQueuedSessionIsToldProcessingAgainWithoutAskingThenOk(TestIndexer testIndexer, @TempDir Path dir)
            throws Exception {
        try (RunningService service = IndexingPause.serviceWithOneIndexingThread(
                        testIndexer, dir, Map.of("inventory.session.processing-keepalive", "2s"));
                RouterClient router = service.connect()) {
            ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
            IndexingPause.suspend(service.context());
            SimulatedAgent agent =
                    QueuedSessionsIndexedTogetherTest.complete(router, "86", SessionSyncTest.packages(2, 1));
            long keptAlive = metrics.processingKeepAlives.sum();

            // nothing sent since the End: the next answer is the keep-alive
            assertThat(status(agent.receive())).isEqualTo(Status.Processing);
            assertThat(metrics.processingKeepAlives.sum() - keptAlive).isEqualTo(1);

            IndexingPause.resume(service.context());
            assertThat(SessionSyncTest.finalEndAck(agent).status()).isEqualTo(Status.Ok);
        }
    }

    private static byte status(Message m) {
        assertThat(m.contentType()).isEqualTo(MessageType.EndAck);
        return ((EndAck) m.content(new EndAck())).status();
    }
}
