package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue to the indexer never strands a complete session (behaviour.md §12): replaced sessions still queued make
 * room and are not indexed; a session that still cannot be queued is answered EndAck{Error} and its data deleted.
 * The indexer's consumer is suspended while the queue (capacity max-sessions = 3) fills.
 */
@ExtendWith(TestIndexer.Extension.class)
class IndexingQueueFullTest {

    private static RunningService service;

    @BeforeAll
    static void start(TestIndexer indexer, @TempDir Path dir) throws Exception {
        // one indexing thread: a suspended route's only consumer leaves what is queued in the queue
        service =
                IndexingPause.serviceWithOneIndexingThread(indexer, dir, Map.of("inventory.session.max-sessions", "3"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @AfterEach
    void resume() throws Exception {
        service.context().getRouteController().resumeRoute("session-indexing");
    }

    @Test
    void replacedSessionsMakeRoomAndAreNotIndexed() throws Exception {
        ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        long answered = metrics.sessionsCompleted.sum() + metrics.sessionsFailed.sum();
        suspendIndexing();
        try (RouterClient checks = service.connect();
                RouterClient data = service.connect()) {
            SimulatedAgent looping = new SimulatedAgent(checks);
            long lastCheck = 0;
            for (int i = 0; i < 6; i++) {
                long session = looping.start(SessionSyncTest.start("60", Mode.ModuleCheck, 0))
                        .session();
                checks.publish(AgentMessages.checksumModule(
                        session, SessionSyncTest.PACKAGES, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
                checks.publish(AgentMessages.end(session));
                assertThat(status(looping.receive())).isEqualTo(Status.Processing);
                lastCheck = session;
            }
            SimulatedAgent real = new SimulatedAgent(data);
            long session =
                    real.start(SessionSyncTest.start("61", Mode.ModuleFull, 2)).session();
            real.sendItems(session, SessionSyncTest.packages(2, 1), Set.of());
            data.publish(AgentMessages.end(session));
            assertThat(status(real.receive())).isEqualTo(Status.Processing);

            service.context().getRouteController().resumeRoute("session-indexing");
            assertThat(SessionSyncTest.finalEndAck(real).status()).isEqualTo(Status.Ok);
            // the last check is answered (Ok or Error depends on whether the index exists yet: not the point here)
            assertThat(SessionSyncTest.finalEndAck(looping).session()).isEqualTo(lastCheck);
        }
        // the five replaced checks were dropped, not indexed after their successor
        assertThat(metrics.sessionsCompleted.sum() + metrics.sessionsFailed.sum() - answered)
                .isEqualTo(2);
        assertThat(metrics.sessionsNotQueued.sum()).isZero();
    }

    @Test
    void aSessionThatCannotBeQueuedIsAnsweredErrorAndItsDataDeleted() throws Exception {
        ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        SessionAdmission sessions = service.bean("sessionAdmission", SessionAdmission.class);
        long notQueued = metrics.sessionsNotQueued.sum();
        suspendIndexing();
        BlockingQueue<Exchange> queue = service.context()
                .getEndpoint("seda:session-indexing", SedaEndpoint.class)
                .getQueue();
        try (RouterClient first = service.connect();
                RouterClient second = service.connect()) {
            SimulatedAgent a = new SimulatedAgent(first);
            long queued =
                    a.start(SessionSyncTest.start("70", Mode.ModuleFull, 1)).session();
            a.sendItems(queued, SessionSyncTest.packages(1, 1), Set.of());
            NotifyBuilder inQueue = new NotifyBuilder(service.context())
                    .wereSentTo("seda:session-indexing")
                    .whenDone(1)
                    .create();
            first.publish(AgentMessages.end(queued));
            assertThat(status(a.receive())).isEqualTo(Status.Processing);
            assertThat(inQueue.matches(10, TimeUnit.SECONDS)).isTrue();
            // the rest of the queue taken by entries of that open complete session: nothing to drop
            while (queue.remainingCapacity() > 0) {
                queue.add(queue.peek().copy());
            }
            SimulatedAgent b = new SimulatedAgent(second);
            long refused =
                    b.start(SessionSyncTest.start("71", Mode.ModuleFull, 2)).session();
            b.sendItems(refused, SessionSyncTest.packages(2, 1), Set.of());
            second.publish(AgentMessages.end(refused));
            assertThat(status(b.receive())).isEqualTo(Status.Processing);
            EndAck ack = SessionSyncTest.finalEndAck(b);
            assertThat(ack.status()).isEqualTo(Status.Error);
            assertThat(ack.session()).isEqualTo(refused);
            assertThat(sessions.find(refused)).isEmpty();
            try (var items =
                    service.bean("sessionPayload", RocksDBPayload.class).readItems(RocksDBKeyspace.PAYLOAD, refused)) {
                assertThat(items.count()).isZero();
            }
            assertThat(metrics.sessionsNotQueued.sum() - notQueued).isEqualTo(1);

            service.context().getRouteController().resumeRoute("session-indexing");
            // the session queued first is indexed once; its copies find it ended
            assertThat(SessionSyncTest.finalEndAck(a).status()).isEqualTo(Status.Ok);
        }
    }

    private static void suspendIndexing() throws Exception {
        IndexingPause.suspend(service.context());
    }

    private static byte status(Message m) {
        assertThat(m.contentType()).isEqualTo(MessageType.EndAck);
        return ((EndAck) m.content(new EndAck())).status();
    }
}
