package io.inventorysync.session;

import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.Responses;
import io.inventorysync.protocol.SeqRange;
import io.inventorysync.router.Responder;
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
 * The aggregator's strategy: folds each {@link SessionUpdate} into its open {@link Session} (received seqs, End,
 * checksum) and answers End — {@code EndAck{Processing}} when nothing is missing, else a {@code ReqRet} of the first
 * missing ranges that fit in one response (behaviour.md §3). When every range a ReqRet asked for has arrived and gaps
 * remain, the next ReqRet goes out without a new End; repeated Ends are answered with a ReqRet at most once per
 * {@link #REQRET_INTERVAL_NANOS}. The completion predicate is the {@value #COMPLETE} header: End seen and nothing
 * missing.
 *
 * <p>The aggregated exchange's body is only the session id ({@link #body}), the same few bytes from the first message
 * to the last: the aggregator reads and rewrites it in RocksDB per update, so it must not grow with the session.
 * Per update the work is O(seqs in it).
 */
public final class SessionAggregation implements AggregationStrategy {

    /** Header of the aggregated exchange: true once the session is complete (or stale, see {@value #STALE}). */
    public static final String COMPLETE = "InventorySessionComplete";
    /** Header: the update belongs to a session that is no longer receiving; completes at once and is discarded. */
    public static final String STALE = "InventorySessionStale";
    /** Repeated Ends of one session get a ReqRet at most this often (the agent's own retry is 60 s). */
    public static final long REQRET_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(SessionAggregation.class);
    private static final int BODY_VERSION = 2;
    private static final int BODY_LENGTH = 9;

    private final SessionAdmission sessions;
    private final Responder responder;
    private final ServiceMetrics metrics;
    private final LongSupplier clock;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);

    /** @param clock nanoseconds, for the once-per-second rule ({@code System::nanoTime} in service) */
    public SessionAggregation(
            SessionAdmission sessions, Responder responder, ServiceMetrics metrics, LongSupplier clock) {
        this.sessions = sessions;
        this.responder = responder;
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
        if (session == null || session.phase() != Session.Phase.RECEIVING) {
            // the session completed or was replaced between its message being accepted and aggregated
            aggregated.getMessage().setHeader(STALE, true);
            aggregated.getMessage().setHeader(COMPLETE, true);
            return aggregated;
        }
        session.aggregated();
        ReceivedSeqs received = session.received();
        for (long seq : update.seqs()) {
            received.add(seq);
        }
        if (update.checksum() != null) {
            session.checksum(update.checksumIndex(), update.checksum());
        }
        if (update.end()) {
            session.endSeen(true);
        }
        boolean complete = session.endSeen() && received.isComplete();
        if (complete) {
            sessions.complete(session);
            if (update.end()) {
                responder.send(
                        session.channel(),
                        session.agentId(),
                        session.module(),
                        Responses.endAck(Status.Processing, session.id()));
            }
        } else if (update.end()) {
            long now = clock.getAsLong();
            if (session.reqRetSentWithin(now, REQRET_INTERVAL_NANOS)) {
                metrics.endsThrottled.increment();
                warnings.warn("end-repeated", "{}: End repeated within 1 s of its ReqRet: not answered again", session);
            } else {
                reqRet(session, received, 0, now);
            }
        } else if (session.endSeen() && received.askedAllArrived()) {
            // the last ReqRet was answered in full and gaps remain: ask for the next ones (the agent sends no new End)
            reqRet(session, received, received.afterAsked(), clock.getAsLong());
        }
        aggregated.getMessage().setHeader(COMPLETE, complete);
        return aggregated;
    }

    private void reqRet(Session session, ReceivedSeqs received, long from, long now) {
        List<SeqRange> ranges = received.ask(from, Responses.MAX_REQRET_RANGES);
        if (ranges.isEmpty() && from > 0) {
            ranges = received.ask(0, Responses.MAX_REQRET_RANGES);
        }
        session.reqRetSent(now);
        responder.send(session.channel(), session.agentId(), session.module(), Responses.reqRet(session.id(), ranges));
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
