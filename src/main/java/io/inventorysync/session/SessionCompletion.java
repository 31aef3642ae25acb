package io.inventorysync.session;

import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.CompleteSession;
import io.inventorysync.indexer.SessionIndexer;
import io.inventorysync.indexing.QueuedSession;
import io.inventorysync.indexing.QueuedSessions;
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
 * or indexing ({@link io.inventorysync.indexing.GroupIndexing} finds it through {@link #of}) and {@code EndAck} (§5). Either way its data is deleted and its quota returned.
 */
public final class SessionCompletion implements QueuedSessions {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCompletion.class);
    private final SessionAdmission sessions;
    private final RocksDBPayload payload;
    private final ServiceMetrics metrics;
    private final long timeoutNanos;
    private final Supplier<BlockingQueue<Exchange>> indexingQueue;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);
    private volatile long keepAliveNanos = Duration.ofSeconds(30).toNanos();

    public SessionCompletion(
            SessionAdmission sessions, RocksDBPayload payload, ServiceMetrics metrics, Duration timeout) {
        this(sessions, payload, metrics, timeout, () -> null);
    }

    /**
     * @param payload       where the sessions' items are, read by the indexer
     * @param indexingQueue the queue of {@code seda:session-indexing} (looked up once routes run)
     */
    public SessionCompletion(
            SessionAdmission sessions,
            RocksDBPayload payload,
            ServiceMetrics metrics,
            Duration timeout,
            Supplier<BlockingQueue<Exchange>> indexingQueue) {
        this.indexingQueue = indexingQueue;
        this.sessions = sessions;
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
        queue.removeIf(this::isReplaced);
        LOG.debug("Indexing queue full: {} replaced session(s) dropped from it", before - queue.size());
    }

    /** A queued exchange of this front door whose session is no longer open and complete (another door's are kept). */
    private boolean isReplaced(Exchange queued) {
        if (!(queued.getMessage().getBody() instanceof byte[] body)) {
            return false;
        }
        Session session = sessions.find(SessionAggregation.sessionOf(body)).orElse(null);
        return session == null || !session.complete();
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
     * The complete session a queued exchange of {@code seda:session-indexing} stands for ({@link #handOff}), while it is
     * still waiting for indexing; null for another front door's exchange or a session replaced by a newer Start.
     */
    @Override
    public QueuedSession of(Exchange queued) {
        byte[] body = queued.getMessage().getBody() instanceof byte[] b ? b : null;
        if (body == null) {
            return null;
        }
        Session session = sessions.find(SessionAggregation.sessionOf(body)).orElse(null);
        return session != null && session.phase() == Session.Phase.INDEXING ? new Queued(session) : null;
    }

    /** A complete session in the indexing queue: indexed from the store, answered {@code EndAck{Ok}} or {@code Error}. */
    private final class Queued implements QueuedSession {

        private final Session session;

        Queued(Session session) {
            this.session = session;
        }

        @Override
        public String agentId() {
            return session.agentId();
        }

        @Override
        public long items() {
            return session.size();
        }

        @Override
        public boolean pending() {
            return session.phase() == Session.Phase.INDEXING;
        }

        @Override
        public CompleteSession open() {
            return new StoredCompleteSession(session, payload);
        }

        @Override
        public void indexed(SessionIndexer.Outcome outcome, Exchange exchange) {
            byte status = outcome.status();
            (outcome.ok() ? metrics.sessionsCompleted : metrics.sessionsFailed).increment();
            metrics.itemsSkipped.add(outcome.skipped());
            LOG.debug(
                    "{} {}: {} items indexed, {} skipped",
                    session,
                    Status.name(status),
                    outcome.indexed(),
                    outcome.skipped());
            // released before the answer, so an agent that starts again as soon as it reads its EndAck finds its quota
            // back; a session replaced by a newer Start while it was indexed is no longer open and gets no answer
            if (sessions.end(session.id())) {
                Replies.of(exchange).addEndAck(session, Responses.endAck(status, session.id()));
            }
        }
    }

    /** The session of an exchange handed to indexing ({@link #handOff}). */
    private static long queuedSession(Exchange exchange) {
        return SessionAggregation.sessionOf(exchange.getMessage().getBody(byte[].class));
    }
}
