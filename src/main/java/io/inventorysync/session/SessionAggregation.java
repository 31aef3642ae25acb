package io.inventorysync.session;

import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.Responses;
import io.inventorysync.protocol.SeqRange;
import io.inventorysync.support.RateLimitedLog;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's strategy, a fold: each {@link SessionUpdate} is folded into its open {@link Session} (received seqs,
 * End, checksum), and what the agent is owed is decided into the {@link Replies} of the update's exchange, not sent:
 * route session-aggregate sends them right after the aggregator. On End with nothing missing the session becomes
 * complete and its End is owed {@code EndAck{Processing}}; the route then hands the session to indexing. On End with
 * gaps it is owed a {@code ReqRet} of the first missing ranges that fit in one response (behaviour.md §3). When every range a ReqRet asked for has arrived and gaps remain, the next ReqRet is
 * decided without a new End; repeated Ends get a ReqRet at most once per {@link #REQRET_INTERVAL_NANOS}.
 *
 * <p>The aggregated exchange's body is only the session id ({@link #body}), the same few bytes from the first message
 * to the last: the aggregator reads and rewrites it in RocksDB per update, so it must not grow with the session.
 * Per update the work is O(seqs in it).
 */
public final class SessionAggregation implements AggregationStrategy {

    /** Repeated Ends of one session get a ReqRet at most this often (the agent's own retry is 60 s). */
    public static final long REQRET_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(SessionAggregation.class);
    private static final int BODY_VERSION = 2;
    private static final int BODY_LENGTH = 9;

    private final SessionAdmission sessions;
    private final ServiceMetrics metrics;
    private final LongSupplier clock;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);

    /** @param clock nanoseconds, for the once-per-second rule ({@code System::nanoTime} in service) */
    public SessionAggregation(SessionAdmission sessions, ServiceMetrics metrics, LongSupplier clock) {
        this.sessions = sessions;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        SessionUpdate update = newExchange.getMessage().getBody(SessionUpdate.class);
        Session session = sessions.find(update.session()).orElse(null);
        Exchange aggregated = oldExchange != null ? oldExchange : newExchange;
        if (oldExchange == null) {
            aggregated.getMessage().setBody(body(update.session()));
        }
        if (session == null || !session.receiving()) {
            // the session completed or was replaced between its message being accepted and aggregated: the group
            // completes at once (isComplete) and route session-aggregate discards it (isStale)
            return aggregated;
        }
        session.aggregated();
        ReceivedSeqs received = session.received();
        boolean end = false;
        if (update instanceof SessionUpdate.Received r) {
            for (long seq : r.seqs()) {
                received.add(seq);
            }
        } else if (update instanceof SessionUpdate.Checksum c) {
            session.checksum(c.index(), c.checksum());
        } else {
            end = true;
            session.endSeen(true);
        }
        if (session.endSeen() && received.isComplete()) {
            if (sessions.complete(session) && end) {
                // behaviour.md §3: sent before the route hands the session to indexing, so before its final EndAck
                Replies.of(newExchange).add(session, Responses.endAck(Status.Processing, session.id()));
            }
        } else if (end) {
            long now = clock.getAsLong();
            if (session.reqRetSentWithin(now, REQRET_INTERVAL_NANOS)) {
                metrics.endsThrottled.increment();
                warnings.warn("end-repeated", "{}: End repeated within 1 s of its ReqRet: not answered again", session);
            } else {
                reqRet(session, received, 0, now, newExchange);
            }
        } else if (session.endSeen() && received.askedAllArrived()) {
            // the last ReqRet was answered in full and gaps remain: ask for the next ones (the agent sends no new End)
            reqRet(session, received, received.afterAsked(), clock.getAsLong(), newExchange);
        }
        return aggregated;
    }

    private void reqRet(Session session, ReceivedSeqs received, long from, long now, Exchange update) {
        List<SeqRange> ranges = received.ask(from, Responses.MAX_REQRET_RANGES);
        if (ranges.isEmpty() && from > 0) {
            ranges = received.ask(0, Responses.MAX_REQRET_RANGES);
        }
        session.reqRetSent(now);
        // the update's exchange shares its Replies with the exchange that goes on after the aggregator
        Replies.of(update).add(session, Responses.reqRet(session.id(), ranges));
    }

    /**
     * The completion predicate: the aggregated session is complete (End seen, nothing missing), or no longer receiving
     * (replaced or ended), so that its group completes at once and is discarded.
     */
    public boolean isComplete(Exchange aggregated) {
        Session session = sessionOf(aggregated);
        return session == null || !session.receiving();
    }

    private Session sessionOf(Exchange aggregated) {
        return sessions.find(sessionOf(aggregated.getMessage().getBody(byte[].class)))
                .orElse(null);
    }

    /** The aggregated exchange's body: a version byte and the session id. */
    public static byte[] body(long session) {
        return ByteBuffer.allocate(BODY_LENGTH)
                .put((byte) BODY_VERSION)
                .putLong(session)
                .array();
    }

    /** The session id of an aggregated exchange's body written by {@link #body}. */
    public static long sessionOf(byte[] body) {
        if (body == null || body.length != BODY_LENGTH || body[0] != BODY_VERSION) {
            throw new IllegalArgumentException(
                    "not a session aggregate body (" + (body == null ? "null" : body.length + " bytes") + ")");
        }
        return ByteBuffer.wrap(body, 1, 8).getLong();
    }
}
