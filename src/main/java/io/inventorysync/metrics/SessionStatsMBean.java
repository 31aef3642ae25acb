package io.inventorysync.metrics;

/**
 * The session gauges and counters of behaviour.md §11, as JMX attributes (read-only). Counters count since start-up.
 * Registered as {@code io.inventorysync:type=Sessions,name=<CamelContext name>}.
 */
public interface SessionStatsMBean {

    /** Gauge: sessions open now (receiving, queued or indexing). */
    int getOpenSessions();

    /** Gauge: declared items (Start.size) of the open sessions, against inventory.session.max-pending-items. */
    long getPendingItems();

    /** Gauge: indexer hosts usable at the last probe. */
    int getIndexerHostsUsable();

    long getSessionsStarted();

    long getStartsRefused();

    long getSessionsReplaced();

    /** EndAck{Ok}. */
    long getSessionsCompleted();

    /** EndAck{Error} or EndAck{ChecksumMismatch} after indexing or checking. */
    long getSessionsFailed();

    /** Expired by the inactivity timeout. */
    long getSessionsExpired();

    /** Frames received from the router (the ingress route counts reads: one exchange carries a read's frames). */
    long getFramesReceived();

    /** Messages ignored: for a session that is not open. */
    long getMessagesUnknownSession();

    /** Messages ignored: seq not below the session's size. */
    long getMessagesOutOfRange();

    /** Data messages whose items could not be stored in RocksDB (taken as not received). */
    long getMessagesNotStored();

    /** Frames dropped: unverifiable FlatBuffer, empty union, unexpected header. */
    long getMessagesUnverifiable();

    /** Messages ignored otherwise: provider responses, messages of a session no longer receiving. */
    long getMessagesIgnored();

    /** JSON commands not understood or failed. */
    long getBadCommands();

    /** Connections closed because their bytes broke the framing rules. */
    long getProtocolErrors();

    /** Responses not written because their connection was gone. */
    long getResponsesDropped();

    /** Responses handed to the transport: written on their connection, or sent as a datagram to remoted. */
    long getResponsesSent();

    /** Of the responses dropped: datagrams remoted's queue/sockets/ar did not take (remoted down or restarting). */
    long getResponsesUnreachable();

    /** Transport "wazuh": subscribed to the router broker now (always false with the TCP listener). */
    boolean isRouterSubscribed();

    /** Transport "wazuh": subscriptions tried again after a loss, a refusal or a failed try. */
    long getRouterReconnects();

    /** Transport "wazuh": broker control frames other than the expected {"Result":"OK"}. */
    long getRouterControlErrors();

    /** Stored items left out of indexing (warning logged); their sessions still succeed. */
    long getItemsSkipped();

    /** Connections closed in the middle of a frame. */
    long getTruncatedFrames();

    /** Connections refused: inventory.router.max-connections reached. */
    long getConnectionsRefused();

    /** Connections closed by inventory.router.idle-timeout. */
    long getConnectionsIdleClosed();

    /** Connections closed: their partial frame found inventory.router.max-partial-frame-bytes used up. */
    long getConnectionsOverBudget();

    /** Ends not answered: repeated within 1 s of the session's previous ReqRet. */
    long getEndsThrottled();

    /** Complete sessions that could not be queued for indexing (answered EndAck{Error}, data deleted). */
    long getSessionsNotQueued();

    /** Groups of complete sessions indexed together: the sessions answered per group tell how much they share. */
    long getIndexingGroups();

    /** Unasked EndAck{Processing}: complete sessions told to keep waiting while the indexer queue drains. */
    long getProcessingKeepAlives();

    /** Failed deletes of a closed session's stored data (logged; its responses still left). */
    long getDeletesFailed();

    /** DataClean indices dropped: beyond the distinct indices one session may name. */
    long getCleanIndicesDropped();

    /** Items written as their session closed: deleted again. */
    long getItemsAfterClose();

    /** FullSession requests (second generation) answered 200: indexed, or nothing to apply. */
    long getFullSessionsOk();

    /** FullSession requests answered 4xx by the body checks (bad FlatBuffer, identity, cluster, shape). */
    long getFullSessionsRefused();

    /** ModuleCheck FullSessions answered 409 checksum_mismatch. */
    long getFullSessionsMismatched();

    /** FullSession requests answered 500 or 503: the indexer failed or was unusable, the queue was full. */
    long getFullSessionsFailed();

    /** Agent deletions asked over the FullSession door. */
    long getAgentDeletionRequests();

    /** Requests the FullSession door's HTTP layer refused (bad HTTP, limits, timeouts, busy, stopping). */
    long getFullSessionHttpRefusals();

    /** Bytes of FullSession request bodies held now (off-heap), against inventory.fullsession.in-flight-bytes. */
    long getFullSessionBytesInFlight();
}
