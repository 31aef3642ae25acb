package io.inventorysync.session;

import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.SessionIndexer;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.Responses;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.support.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a session once the aggregator lets it go: expiry after the inactivity timeout (behaviour.md §4),
 * or indexing and {@code EndAck} (§5). Either way its data is deleted and its quota returned.
 */
public final class SessionCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCompletion.class);
    /**
     * About 3.6 MB of package documents: measured best of 4,000 / 8,000 / 20,000 in e2e Full with 20 connections
     * (ratio 0.87 / 0.94 / 0.91, End→EndAck p99 5.0 / 5.4 / 7.5 s): larger groups answer later, smaller ones clean more.
     */
    public static final long DEFAULT_GROUP_MAX_ITEMS = 8_000;

    private final SessionAdmission sessions;
    private final SessionIndexer indexer;
    private final RocksDBPayload payload;
    private final ServiceMetrics metrics;
    private final long timeoutNanos;
    private final Supplier<BlockingQueue<Exchange>> indexingQueue;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);
    private final IndexingGroups groups;
    private volatile long keepAliveNanos = Duration.ofSeconds(30).toNanos();

    public SessionCompletion(
            SessionAdmission sessions,
            SessionIndexer indexer,
            RocksDBPayload payload,
            ServiceMetrics metrics,
            Duration timeout) {
        this(sessions, indexer, payload, metrics, timeout, () -> null, DEFAULT_GROUP_MAX_ITEMS);
    }

    /**
     * @param payload       where the sessions' items are, read by the indexer
     * @param indexingQueue the queue of {@code seda:session-indexing} (looked up once routes run)
     * @param groupMaxItems a session indexed takes queued sessions of other agents along up to this many items in all
     *                      ({@code inventory.indexer.group-max-items})
     */
    public SessionCompletion(
            SessionAdmission sessions,
            SessionIndexer indexer,
            RocksDBPayload payload,
            ServiceMetrics metrics,
            Duration timeout,
            Supplier<BlockingQueue<Exchange>> indexingQueue,
            long groupMaxItems) {
        this.indexingQueue = indexingQueue;
        this.groups = new IndexingGroups(groupMaxItems);
        this.sessions = sessions;
        this.indexer = indexer;
        this.payload = payload;
        this.metrics = metrics;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * The ids of receiving sessions that got no message for the inactivity timeout: those the aggregator never heard
     * of (nothing received, or only messages that brought it nothing: out of range, refused by the store), and any
     * other whose aggregator timeout has not fired yet. Either way one rule decides: the session's latest message.
     */
    public List<Long> idleSessions() {
        List<Session> idle = sessions.idleSince(sessions.now() - timeoutNanos);
        List<Long> ids = new ArrayList<>(idle.size());
        for (Session session : idle) {
            ids.add(session.id());
        }
        return ids;
    }

    /** Expires one session of {@link #idleSessions} (the body: its id), unless a message reached it meanwhile. */
    public void expireIdle(Exchange exchange) {
        Session session =
                sessions.find(exchange.getMessage().getBody(Long.class)).orElse(null);
        if (session != null && sessions.expireIfIdle(session, sessions.now() - timeoutNanos)) {
            expired(session, exchange);
        }
    }

    /**
     * Tells the agents of complete sessions still waiting for the indexer to keep waiting: an {@code EndAck{Processing}}
     * to every one that heard nothing for {@code inventory.session.processing-keepalive}. An agent waits a bounded time
     * for an answer to its End (60 s), then sends End again; after Processing it waits again without counting an attempt
     * (agent_sync_protocol.cpp). So no agent waits silently past its wait however long the indexer queue is.
     */
    public void keepWaiting(Exchange exchange) {
        long now = sessions.now();
        for (Session session : sessions.waitingSilentlySince(now - keepAliveNanos)) {
            session.keptWaiting(now);
            metrics.processingKeepAlives.increment();
            Replies.of(exchange).add(session, Responses.endAck(Status.Processing, session.id()));
        }
    }

    /** @param keepAlive how long an agent of a complete session may hear nothing before it is told Processing again */
    public void setProcessingKeepAlive(Duration keepAlive) {
        this.keepAliveNanos = keepAlive.toNanos();
    }

    /**
     * The aggregator's inactivity timeout (the body: the aggregate of {@link SessionAggregation#body}). The session
     * expires unless a message that brought the aggregator nothing arrived since its latest update; then the idle check
     * expires it once that message is old enough.
     */
    public void expire(Exchange exchange) {
        Session session = sessions.find(
                        SessionAggregation.sessionOf(exchange.getMessage().getBody(byte[].class)))
                .orElse(null);
        if (session != null && sessions.expireTimedOut(session)) {
            expired(session, exchange);
        }
    }

    /** An agent that sent End is told {@code EndAck{Error}}; the session left the open set already. */
    private void expired(Session session, Exchange exchange) {
        metrics.sessionsExpired.increment();
        // DEBUG like every session outcome: a lost router can expire thousands at once; the JMX counter has the total
        LOG.debug(
                "{} expired after {} ms of inactivity: {} of {} items received, End {}",
                session,
                timeoutNanos / 1_000_000,
                session.receivedCount(),
                Long.toUnsignedString(session.size()),
                session.endSeen() ? "received" : "not received");
        if (session.endSeen()) {
            Replies.of(exchange).add(session, Responses.endAck(Status.Error, session.id()));
        }
    }

    /**
     * Whether the update of this exchange (its body, a {@link SessionUpdate}) completed its session, claimed once: the
     * route then hands the session to indexing. The fold answered its End first, on the same thread, so
     * {@code EndAck{Processing}} always leaves before the indexing's EndAck.
     */
    public boolean claimIndexing(Exchange exchange) {
        Session session = sessions.find(
                        exchange.getMessage().getBody(SessionUpdate.class).session())
                .orElse(null);
        return session != null && session.claimIndexing();
    }

    /**
     * Hands the session completed by this exchange's update to indexing: the body becomes the session id
     * ({@link SessionAggregation#body}, what route session-indexing takes). When the queue is full, first drops what it
     * holds for sessions that are no longer open (replaced by a newer Start while queued; they would be skipped when
     * dequeued anyway). Open complete sessions are at most {@code max-sessions}, the queue's capacity, so this makes
     * room unless the queue is smaller than that.
     */
    public void handOff(Exchange exchange) {
        long session = exchange.getMessage().getBody(SessionUpdate.class).session();
        exchange.getMessage().setBody(SessionAggregation.body(session));
        BlockingQueue<Exchange> queue = indexingQueue.get();
        if (queue == null || queue.remainingCapacity() > 0) {
            return;
        }
        int before = queue.size();
        queue.removeIf(queued -> !isOpenComplete(queued));
        LOG.debug("Indexing queue full: {} replaced session(s) dropped from it", before - queue.size());
    }

    private boolean isOpenComplete(Exchange queued) {
        Session session = sessions.find(queuedSession(queued)).orElse(null);
        return session != null && session.complete();
    }

    /**
     * A complete session that could not be queued for indexing (behaviour.md §12): answered {@code EndAck{Error}},
     * its data deleted and its quota returned, never left complete and unanswered.
     */
    public void notQueued(Exchange exchange) {
        Session session = sessions.find(queuedSession(exchange)).orElse(null);
        if (session == null || !sessions.end(session.id())) {
            return;
        }
        metrics.sessionsNotQueued.increment();
        metrics.sessionsFailed.increment();
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        warnings.warn(
                "not-queued",
                "{}: complete but not queued for indexing ({}): answered EndAck{Error}",
                session,
                cause == null ? "queue full" : cause.getMessage());
        Replies.of(exchange).addEndAck(session, Responses.endAck(Status.Error, session.id()));
    }

    /**
     * Indexes the complete session of this exchange, together with the queued sessions of other agents
     * ({@link IndexingGroups}), on an indexer thread, and answers each {@code EndAck{Ok}} or {@code EndAck{Error}}.
     */
    public void index(Exchange exchange) throws InterruptedException {
        Session first = sessions.find(queuedSession(exchange)).orElse(null);
        if (first == null || first.phase() != Session.Phase.INDEXING) {
            // replaced by a newer Start while queued: never indexed after its successor
            return;
        }
        Replies replies = Replies.renew(exchange);
        List<Session> group = groups.claim(first, indexingQueue.get(), this::queuedIndexing);
        try {
            // a session may have been replaced while its group waited for its agent
            List<Session> indexing = new ArrayList<>(group.size());
            List<StoredCompleteSession> complete = new ArrayList<>(group.size());
            for (Session session : group) {
                if (session.phase() == Session.Phase.INDEXING) {
                    indexing.add(session);
                    complete.add(new StoredCompleteSession(session, payload));
                }
            }
            long started = System.nanoTime();
            List<SessionIndexer.Outcome> outcomes = indexer.index(complete);
            metrics.indexingGroups.increment();
            long millis = (System.nanoTime() - started) / 1_000_000;
            for (int i = 0; i < indexing.size(); i++) {
                answer(indexing.get(i), outcomes.get(i), indexing.size(), millis, replies);
            }
        } finally {
            groups.release(group);
        }
    }

    private void answer(Session session, SessionIndexer.Outcome outcome, int groupSize, long millis, Replies replies) {
        byte status = outcome.status();
        (outcome.ok() ? metrics.sessionsCompleted : metrics.sessionsFailed).increment();
        metrics.itemsSkipped.add(outcome.skipped());
        LOG.debug(
                "{} {}: {} items indexed, {} skipped, in a group of {} in {} ms",
                session,
                Status.name(status),
                outcome.indexed(),
                outcome.skipped(),
                groupSize,
                millis);
        // released before the answer, so an agent that starts again as soon as it reads its EndAck finds its quota
        // back; a session replaced by a newer Start while it was indexed is no longer open and gets no answer
        if (sessions.end(session.id())) {
            replies.addEndAck(session, Responses.endAck(status, session.id()));
        }
    }

    /** The open session waiting for indexing of a queued exchange, or null (replaced by a newer Start). */
    private Session queuedIndexing(Exchange queued) {
        Session session = sessions.find(queuedSession(queued)).orElse(null);
        return session != null && session.phase() == Session.Phase.INDEXING ? session : null;
    }

    /** The session of an exchange handed to indexing ({@link #handOff}). */
    private static long queuedSession(Exchange exchange) {
        return SessionAggregation.sessionOf(exchange.getMessage().getBody(byte[].class));
    }
}
