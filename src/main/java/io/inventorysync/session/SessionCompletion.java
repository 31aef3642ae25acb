package io.inventorysync.session;

import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.SessionIndexer;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.Responses;
import io.inventorysync.router.Responder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a session once the aggregator lets it go: expiry after the inactivity timeout (behaviour.md §4),
 * or indexing and {@code EndAck} (§5). Either way its data is deleted and its quota returned.
 */
public final class SessionCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCompletion.class);

    private final SessionAdmission sessions;
    private final SessionIndexer indexer;
    private final Responder responder;
    private final ServiceMetrics metrics;
    private final long timeoutNanos;

    public SessionCompletion(SessionAdmission sessions, SessionIndexer indexer, Responder responder, ServiceMetrics metrics,
            Duration timeout) {
        this.sessions = sessions;
        this.indexer = indexer;
        this.responder = responder;
        this.metrics = metrics;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * The ids of sessions that received nothing since their Start for the inactivity timeout. The aggregator only
     * learns of a session with its first message, so it cannot time these out.
     */
    public List<Long> untouchedSessions() {
        List<Session> idle = sessions.untouchedSince(System.nanoTime() - timeoutNanos);
        List<Long> ids = new ArrayList<>(idle.size());
        for (Session session : idle) {
            ids.add(session.id());
        }
        return ids;
    }

    /** Expires one session of {@link #untouchedSessions} (the body: its id), unless a message reached it meanwhile. */
    public void expireUntouched(Exchange exchange) {
        long id = exchange.getMessage().getBody(Long.class);
        Session session = sessions.find(id).orElse(null);
        if (session == null || !session.expireUntouched()) {
            return;
        }
        metrics.sessionsExpired.increment();
        LOG.debug("{} expired: nothing received in the {} ms after its Start", session, timeoutNanos / 1_000_000);
        sessions.end(id);
    }

    /** Inactivity timeout: the session expires; an agent that sent End is told {@code EndAck{Error}}. */
    public void expire(Exchange exchange) {
        SessionSummary summary = SessionSummary.fromBytes(exchange.getMessage().getBody(byte[].class));
        Session session = sessions.find(summary.session()).orElse(null);
        if (session == null || session.phase() != Session.Phase.RECEIVING) {
            return;
        }
        metrics.sessionsExpired.increment();
        // DEBUG like every session outcome: a lost router can expire thousands at once; the JMX counter has the total
        LOG.debug("{} expired after inactivity: {} of {} items received, End {}", session, summary.receivedCount(),
                Long.toUnsignedString(session.size()), summary.endSeen() ? "received" : "not received");
        sessions.end(session.id());
        if (summary.endSeen()) {
            responder.send(session.channel(), session.agentId(), session.module(), Responses.endAck(Status.Error, session.id()));
        }
    }

    /** Indexes a complete session on an indexer thread and answers {@code EndAck{Ok}} or {@code EndAck{Error}}. */
    public void index(Exchange exchange) {
        SessionSummary summary = SessionSummary.fromBytes(exchange.getMessage().getBody(byte[].class));
        Session session = sessions.find(summary.session()).orElse(null);
        if (session == null) {
            return;
        }
        long started = System.nanoTime();
        SessionIndexer.Outcome outcome;
        try {
            outcome = indexer.index(session, summary);
        } catch (RuntimeException e) {
            LOG.error("{}: indexing failed unexpectedly", session, e);
            outcome = SessionIndexer.Outcome.failed(e.toString());
        }
        byte status = outcome.status();
        (outcome.ok() ? metrics.sessionsCompleted : metrics.sessionsFailed).increment();
        metrics.itemsSkipped.add(outcome.skipped());
        LOG.debug("{} {}: {} items indexed, {} skipped, {} ms", session, Status.name(status), outcome.indexed(),
                outcome.skipped(), (System.nanoTime() - started) / 1_000_000);
        // released before the answer, so an agent that starts again as soon as it reads its EndAck finds its quota
        // back; a session replaced by a newer Start while it was indexed is no longer open and gets no answer
        if (sessions.end(session.id())) {
            responder.send(session.channel(), session.agentId(), session.module(), Responses.endAck(status, session.id()));
        }
    }
}
