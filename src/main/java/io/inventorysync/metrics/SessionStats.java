package io.inventorysync.metrics;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * {@link SessionStatsMBean} over the service's counters and the live gauges (open sessions, pending items, usable
 * indexer hosts), read when JMX asks: nothing is copied or sampled.
 */
public final class SessionStats implements SessionStatsMBean {

    private final ServiceMetrics metrics;
    private final IntSupplier openSessions;
    private final LongSupplier pendingItems;
    private final IntSupplier usableHosts;

    public SessionStats(ServiceMetrics metrics, IntSupplier openSessions, LongSupplier pendingItems, IntSupplier usableHosts) {
        this.metrics = metrics;
        this.openSessions = openSessions;
        this.pendingItems = pendingItems;
        this.usableHosts = usableHosts;
    }

    @Override
    public int getOpenSessions() {
        return openSessions.getAsInt();
    }

    @Override
    public long getPendingItems() {
        return pendingItems.getAsLong();
    }

    @Override
    public int getIndexerHostsUsable() {
        return usableHosts.getAsInt();
    }

    @Override
    public long getSessionsStarted() {
        return metrics.sessionsStarted.sum();
    }

    @Override
    public long getStartsRefused() {
        return metrics.startsRefused.sum();
    }

    @Override
    public long getSessionsReplaced() {
        return metrics.sessionsReplaced.sum();
    }

    @Override
    public long getSessionsCompleted() {
        return metrics.sessionsCompleted.sum();
    }

    @Override
    public long getSessionsFailed() {
        return metrics.sessionsFailed.sum();
    }

    @Override
    public long getSessionsExpired() {
        return metrics.sessionsExpired.sum();
    }

    @Override
    public long getFramesReceived() {
        return metrics.framesReceived.sum();
    }

    @Override
    public long getMessagesNotStored() {
        return metrics.messagesNotStored.sum();
    }

    @Override
    public long getMessagesUnknownSession() {
        return metrics.unknownSession.sum();
    }

    @Override
    public long getMessagesOutOfRange() {
        return metrics.outOfRangeItems.sum();
    }

    @Override
    public long getMessagesUnverifiable() {
        return metrics.badFrames.sum();
    }

    @Override
    public long getMessagesIgnored() {
        return metrics.ignoredMessages.sum();
    }

    @Override
    public long getBadCommands() {
        return metrics.badCommands.sum();
    }

    @Override
    public long getProtocolErrors() {
        return metrics.protocolErrors.sum();
    }

    @Override
    public long getResponsesDropped() {
        return metrics.responsesDropped.sum();
    }

    @Override
    public long getEndsThrottled() {
        return metrics.endsThrottled.sum();
    }

    @Override
    public long getSessionsNotQueued() {
        return metrics.sessionsNotQueued.sum();
    }

    @Override
    public long getDeletesFailed() {
        return metrics.deletesFailed.sum();
    }

    @Override
    public long getCleanIndicesDropped() {
        return metrics.cleanIndicesDropped.sum();
    }

    @Override
    public long getItemsAfterClose() {
        return metrics.itemsAfterClose.sum();
    }
}
