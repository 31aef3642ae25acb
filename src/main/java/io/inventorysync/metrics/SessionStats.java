package io.inventorysync.metrics;

import java.util.function.BooleanSupplier;
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
    private volatile BooleanSupplier routerSubscribed = () -> false;
    private volatile LongSupplier httpRefusals = () -> 0;
    private volatile LongSupplier bytesInFlight = () -> 0;

    public SessionStats(
            ServiceMetrics metrics, IntSupplier openSessions, LongSupplier pendingItems, IntSupplier usableHosts) {
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

    /** Where {@link #isRouterSubscribed()} reads from, in the "wazuh" transport. */
    public void routerSubscribed(BooleanSupplier subscribed) {
        this.routerSubscribed = subscribed;
    }

    @Override
    public long getResponsesSent() {
        return metrics.responsesSent.sum();
    }

    @Override
    public long getResponsesUnreachable() {
        return metrics.responsesUnreachable.sum();
    }

    @Override
    public boolean isRouterSubscribed() {
        return routerSubscribed.getAsBoolean();
    }

    @Override
    public long getRouterReconnects() {
        return metrics.routerReconnects.sum();
    }

    @Override
    public long getRouterControlErrors() {
        return metrics.routerControlErrors.sum();
    }

    @Override
    public long getItemsSkipped() {
        return metrics.itemsSkipped.sum();
    }

    @Override
    public long getTruncatedFrames() {
        return metrics.truncatedFrames.sum();
    }

    @Override
    public long getConnectionsRefused() {
        return metrics.connectionsRefused.sum();
    }

    @Override
    public long getConnectionsIdleClosed() {
        return metrics.connectionsIdleClosed.sum();
    }

    @Override
    public long getConnectionsOverBudget() {
        return metrics.connectionsOverBudget.sum();
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
    public long getIndexingGroups() {
        return metrics.indexingGroups.sum();
    }

    @Override
    public long getProcessingKeepAlives() {
        return metrics.processingKeepAlives.sum();
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

    /** The FullSession door's own figures, when it is configured. */
    public void fullSessionDoor(LongSupplier httpRefusals, LongSupplier bytesInFlight) {
        this.httpRefusals = httpRefusals;
        this.bytesInFlight = bytesInFlight;
    }

    @Override
    public long getFullSessionsOk() {
        return metrics.fullSessionsOk.sum();
    }

    @Override
    public long getFullSessionsRefused() {
        return metrics.fullSessionsRefused.sum();
    }

    @Override
    public long getFullSessionsMismatched() {
        return metrics.fullSessionsMismatched.sum();
    }

    @Override
    public long getFullSessionsFailed() {
        return metrics.fullSessionsFailed.sum();
    }

    @Override
    public long getAgentDeletionRequests() {
        return metrics.agentDeletionRequests.sum();
    }

    @Override
    public long getFullSessionHttpRefusals() {
        return httpRefusals.getAsLong();
    }

    @Override
    public long getFullSessionBytesInFlight() {
        return bytesInFlight.getAsLong();
    }
}
