package io.inventorysync.indexing;

import io.inventorysync.indexer.CompleteSession;
import io.inventorysync.indexer.SessionIndexer;
import io.inventorysync.metrics.ServiceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route {@code session-indexing}'s work, the same for both protocol generations: the session an indexing thread took
 * from the queue is indexed together with the queued sessions of other agents ({@link IndexingGroups}), and each gets
 * its own outcome.
 */
public final class GroupIndexing {

    private static final Logger LOG = LoggerFactory.getLogger(GroupIndexing.class);

    /**
     * About 3.6 MB of package documents: measured best of 4,000 / 8,000 / 20,000 in e2e Full with 20 connections
     * (ratio 0.87 / 0.94 / 0.91, End→EndAck p99 5.0 / 5.4 / 7.5 s): larger groups answer later, smaller ones clean more.
     */
    public static final long DEFAULT_GROUP_MAX_ITEMS = 8_000;

    private final SessionIndexer indexer;
    private final ServiceMetrics metrics;
    private final Supplier<BlockingQueue<Exchange>> queue;
    private final QueuedSessions sessions;
    private final IndexingGroups groups;

    /**
     * @param queue         the queue of {@code seda:session-indexing} (looked up once routes run)
     * @param sessions      how the front doors find their sessions in it
     * @param groupMaxItems a session indexed takes queued sessions of other agents along up to this many items in all
     *                      ({@code inventory.indexer.group-max-items})
     */
    public GroupIndexing(
            SessionIndexer indexer,
            ServiceMetrics metrics,
            Supplier<BlockingQueue<Exchange>> queue,
            QueuedSessions sessions,
            long groupMaxItems) {
        this.indexer = indexer;
        this.metrics = metrics;
        this.queue = queue;
        this.sessions = sessions;
        this.groups = new IndexingGroups(groupMaxItems);
    }

    /** Indexes the session of this exchange with the queued sessions of other agents, and hands out the outcomes. */
    public void index(Exchange exchange) throws InterruptedException {
        QueuedSession first = sessions.of(exchange);
        if (first == null) {
            // replaced by a newer session while queued: never indexed after its successor
            return;
        }
        List<QueuedSession> group = groups.claim(first, queue.get(), sessions);
        try {
            // a session may have been replaced while its group waited for its agent
            List<QueuedSession> indexing = new ArrayList<>(group.size());
            List<CompleteSession> complete = new ArrayList<>(group.size());
            for (QueuedSession session : group) {
                if (session.pending()) {
                    indexing.add(session);
                    complete.add(session.open());
                } else {
                    session.dropped();
                }
            }
            long started = System.nanoTime();
            List<SessionIndexer.Outcome> outcomes = indexer.index(complete);
            metrics.indexingGroups.increment();
            LOG.debug(
                    "a group of {} sessions indexed in {} ms",
                    complete.size(),
                    (System.nanoTime() - started) / 1_000_000);
            for (int i = 0; i < indexing.size(); i++) {
                indexing.get(i).indexed(outcomes.get(i), exchange);
            }
        } finally {
            groups.release(group);
        }
    }
}
