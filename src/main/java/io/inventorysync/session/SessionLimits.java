package io.inventorysync.session;

/**
 * Admission limits (behaviour.md §1, §10).
 *
 * @param maxSessions     open sessions at most ({@code inventory.session.max-sessions})
 * @param maxPendingItems declared items of open sessions at most ({@code inventory.session.max-pending-items})
 */
public record SessionLimits(int maxSessions, long maxPendingItems) {

    public SessionLimits {
        // a session's received seqs are one bit per declared item, indexed by int (ReceivedSeqs)
        if (maxPendingItems < 0 || maxPendingItems > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "inventory.session.max-pending-items must be 0.." + Integer.MAX_VALUE + ": " + maxPendingItems);
        }
    }
}
