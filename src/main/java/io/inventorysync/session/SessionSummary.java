package io.inventorysync.session;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;

/**
 * What a complete (or expiring) session amounts to, taken from the open {@link Session} when it leaves the aggregator:
 * End seen, how many seqs arrived, the indices to clean and the module checksum. The aggregator itself keeps only
 * the session id (see {@link SessionAggregation#body}): rewriting a summary that grows with the session on every
 * message made each message cost O(session) under the aggregator's lock.
 */
public final class SessionSummary {

    private final long session;
    private final long size;
    private final boolean endSeen;
    private final long receivedCount;
    private final Set<String> cleanIndices;
    private final String checksumIndex;
    private final String checksum;

    public SessionSummary(
            long session,
            long size,
            boolean endSeen,
            long receivedCount,
            SortedSet<String> cleanIndices,
            String checksumIndex,
            String checksum) {
        this.session = session;
        this.size = size;
        this.endSeen = endSeen;
        this.receivedCount = receivedCount;
        this.cleanIndices = Collections.unmodifiableSet(cleanIndices);
        this.checksumIndex = checksumIndex;
        this.checksum = checksum;
    }

    public long session() {
        return session;
    }

    public long size() {
        return size;
    }

    public boolean endSeen() {
        return endSeen;
    }

    public long receivedCount() {
        return receivedCount;
    }

    /** Allowlisted indices named by DataClean, in name order (at most {@link Session#MAX_CLEAN_INDICES}). */
    public Set<String> cleanIndices() {
        return cleanIndices;
    }

    /** The allowlisted index of ChecksumModule, or null. */
    public String checksumIndex() {
        return checksumIndex;
    }

    /** The agent's checksum from ChecksumModule, or null. */
    public String checksum() {
        return checksum;
    }
}
