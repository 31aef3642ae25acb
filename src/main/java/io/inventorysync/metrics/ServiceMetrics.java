package io.inventorysync.metrics;

import java.util.concurrent.atomic.LongAdder;

/** The service's counters: cheap to increment from any thread, read by JMX and tests. */
public final class ServiceMetrics {
    /** Frames received from the router, whatever became of them. */
    public final LongAdder framesReceived = new LongAdder();
    /** Connections closed because their byte stream broke the framing rules. */
    public final LongAdder protocolErrors = new LongAdder();
    /** Well-framed frames dropped because of their header or body (bad header, unverifiable buffer, empty union). */
    public final LongAdder badFrames = new LongAdder();
    /** JSON commands that were not understood. */
    public final LongAdder badCommands = new LongAdder();
    /** Messages ignored: unknown session, responses sent by a provider, types not handled yet. */
    public final LongAdder ignoredMessages = new LongAdder();
    /** Starts accepted with a new session. */
    public final LongAdder sessionsStarted = new LongAdder();
    /** Starts refused (Offline or Error). */
    public final LongAdder startsRefused = new LongAdder();
    /** Sessions dropped because the same agent and module started again. */
    public final LongAdder sessionsReplaced = new LongAdder();
    /** Messages for a session that is not open (unknown, expired or already ended). */
    public final LongAdder unknownSession = new LongAdder();
    /** Data messages whose items RocksDB did not take: taken as not received (asked for again at End). */
    public final LongAdder messagesNotStored = new LongAdder();
    /** Sequence-tracked items whose seq is not below the session's size. */
    public final LongAdder outOfRangeItems = new LongAdder();
    /** Sessions acknowledged EndAck{Ok}. */
    public final LongAdder sessionsCompleted = new LongAdder();
    /** Sessions answered EndAck{Error} or EndAck{ChecksumMismatch} after indexing or checking. */
    public final LongAdder sessionsFailed = new LongAdder();
    /** Sessions expired by the inactivity timeout. */
    public final LongAdder sessionsExpired = new LongAdder();
    /** Responses handed to the transport (written on their connection, or sent as a datagram to remoted). */
    public final LongAdder responsesSent = new LongAdder();
    /** Responses that could not leave: connection gone or not read, remoted unreachable, not addressable. */
    public final LongAdder responsesDropped = new LongAdder();
    /** Of those dropped: datagrams remoted's queue/sockets/ar did not take (remoted down or restarting). */
    public final LongAdder responsesUnreachable = new LongAdder();
    /** Subscriptions to the router broker made again after a loss or a failed attempt. */
    public final LongAdder routerReconnects = new LongAdder();
    /** Control frames of the broker that were not an expected {"Result":"OK"} (each one also makes a reconnect). */
    public final LongAdder routerControlErrors = new LongAdder();
    /** Stored DataValues left out of indexing (not writable index, no id or data, version above 2^63-1...); the session still succeeds. */
    public final LongAdder itemsSkipped = new LongAdder();
    /** Connections that closed in the middle of a frame (its bytes dropped). */
    public final LongAdder truncatedFrames = new LongAdder();
    /** Connections refused because inventory.router.max-connections were open. */
    public final LongAdder connectionsRefused = new LongAdder();
    /** Connections closed by inventory.router.idle-timeout. */
    public final LongAdder connectionsIdleClosed = new LongAdder();
    /** Connections closed because their partial frame found inventory.router.max-partial-frame-bytes used up. */
    public final LongAdder connectionsOverBudget = new LongAdder();
    /** Ends not answered: repeated within 1 s of the session's previous ReqRet. */
    public final LongAdder endsThrottled = new LongAdder();
    /** Complete sessions that could not be queued for indexing: answered EndAck{Error}, data deleted. */
    public final LongAdder sessionsNotQueued = new LongAdder();
    /** Groups of complete sessions indexed together (group commit): SessionsCompleted + SessionsFailed per group. */
    public final LongAdder indexingGroups = new LongAdder();
    /** Unasked EndAck{Processing}: complete sessions told to keep waiting for the indexer. */
    public final LongAdder processingKeepAlives = new LongAdder();
    /** Deletes of a closed session's stored data that failed (logged; the responses still left). */
    public final LongAdder deletesFailed = new LongAdder();
    /** DataCleans whose index was dropped: the session already named the maximum of distinct indices to clean. */
    public final LongAdder cleanIndicesDropped = new LongAdder();
    /** Writes of items that found their session closed meanwhile: the items were deleted again. */
    public final LongAdder itemsAfterClose = new LongAdder();
    /** FullSessions (second generation) answered 200: indexed, or nothing to apply (noop). */
    public final LongAdder fullSessionsOk = new LongAdder();
    /** FullSessions answered 4xx by the checks of fullsession-protocol.md §3 (body, identity, cluster, shape). */
    public final LongAdder fullSessionsRefused = new LongAdder();
    /** ModuleCheck FullSessions answered 409 checksum_mismatch. */
    public final LongAdder fullSessionsMismatched = new LongAdder();
    /** FullSessions answered 500 or 503: the indexer failed or was unusable, the queue full. */
    public final LongAdder fullSessionsFailed = new LongAdder();
    /** Agent deletions requested over the second front door ({@code DELETE /agents} and its aliases). */
    public final LongAdder agentDeletionRequests = new LongAdder();
}
