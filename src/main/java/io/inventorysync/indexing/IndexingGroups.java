package io.inventorysync.indexing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.apache.camel.Exchange;

/**
 * Which complete sessions are indexed together (group commit, issue 16). An indexing thread that takes a session from
 * the queue of {@code seda:session-indexing} also takes, in queue order, the queued sessions of other agents, up to
 * {@code maxItems} items in all: whatever queued while the indexer was busy goes in one refresh, one clean and packed
 * {@code _bulk} requests.
 *
 * <p>An agent is in at most one group at a time: a session waits until its agent's group in flight is done, so two
 * sessions of one agent are never indexed out of order, on any number of indexing threads. Thread-safe.
 */
final class IndexingGroups {

    private final long maxItems;
    private final Set<String> agentsInFlight = new HashSet<>();

    /** @param maxItems a group takes further sessions while its items stay within this ({@code group-max-items}) */
    IndexingGroups(long maxItems) {
        this.maxItems = maxItems;
    }

    /**
     * The group led by {@code first}, once its agent is free: {@code first}, then sessions taken out of {@code queue}.
     * Queued exchanges whose session is gone ({@code sessionOf} returns null: replaced by a newer Start) are removed
     * from it on the way; those of agents in flight keep their place.
     *
     * @param queue     the queue {@code first} came from, shared with the other indexing threads; may be null
     * @param sessionOf the pending session of a queued exchange, or null
     */
    synchronized List<QueuedSession> claim(QueuedSession first, BlockingQueue<Exchange> queue, QueuedSessions sessionOf)
            throws InterruptedException {
        while (agentsInFlight.contains(first.agentId())) {
            wait();
        }
        List<QueuedSession> group = new ArrayList<>();
        group.add(first);
        agentsInFlight.add(first.agentId());
        long items = first.items();
        if (queue == null) {
            return group;
        }
        for (Exchange queued : queue) {
            if (items >= maxItems) {
                break;
            }
            QueuedSession session = sessionOf.of(queued);
            if (session == null) {
                queue.remove(queued);
                continue;
            }
            if (agentsInFlight.contains(session.agentId()) || items + session.items() > maxItems) {
                continue;
            }
            // another indexing thread may have polled it meanwhile: then it is that thread's
            if (queue.remove(queued)) {
                group.add(session);
                agentsInFlight.add(session.agentId());
                items += session.items();
            }
        }
        return group;
    }

    /** The group is done: its agents' next sessions may go. */
    synchronized void release(List<QueuedSession> group) {
        for (QueuedSession session : group) {
            agentsInFlight.remove(session.agentId());
        }
        notifyAll();
    }
}
