package io.inventorysync.session;

/**
 * Admission limits (behaviour.md §1, §10).
 *
 * @param maxSessions     open sessions at most ({@code inventory.session.max-sessions})
 * @param maxPendingItems declared items of open sessions at most ({@code inventory.session.max-pending-items})
 */
public record SessionLimits(int maxSessions, long maxPendingItems) {
}
