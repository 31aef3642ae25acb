package io.inventorysync.indexing;

import io.inventorysync.indexer.CompleteSession;
import io.inventorysync.indexer.SessionIndexer;
import org.apache.camel.Exchange;

/**
 * A complete session waiting in the indexing queue, as a front door hands it over: enough to form a group (its agent,
 * its size, whether it is still wanted), then the session itself, then where its outcome goes.
 */
public interface QueuedSession {

    /** The agent, zero-padded to 3 characters: one agent is in one group at a time. */
    String agentId();

    /** Its items, counted against {@code inventory.indexer.group-max-items}. */
    long items();

    /** Whether it is still to be indexed (not replaced by a newer session of its agent, its asker not gone). */
    boolean pending();

    /** The session for the indexer, read once its group is formed. */
    CompleteSession open();

    /**
     * What became of it.
     *
     * @param exchange the indexing route's exchange, which carries the answers of the first generation
     */
    void indexed(SessionIndexer.Outcome outcome, Exchange exchange);

    /** It will not be indexed (no longer pending when its group was formed): what it holds may go. */
    default void dropped() {}
}
