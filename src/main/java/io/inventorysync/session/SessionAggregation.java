package io.inventorysync.session;

import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.Responses;
import io.inventorysync.protocol.SeqRange;
import io.inventorysync.router.Responder;
import io.inventorysync.store.SeqRanges;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The aggregator's strategy: folds each {@link SessionUpdate} into the session's {@link SessionSummary} and answers
 * End — {@code EndAck{Processing}} when nothing is missing, {@code ReqRet} with every missing range otherwise. The
 * completion predicate is the {@value #COMPLETE} header: End seen and nothing missing.
 */
public final class SessionAggregation implements AggregationStrategy {

    /** Header of the aggregated exchange: true once the session is complete (or stale, see {@value #STALE}). */
    public static final String COMPLETE = "InventorySessionComplete";
    /** Header: the update belongs to a session that is no longer receiving; completes at once and is discarded. */
    public static final String STALE = "InventorySessionStale";

    private final SessionAdmission sessions;
    private final Responder responder;

    public SessionAggregation(SessionAdmission sessions, Responder responder) {
        this.sessions = sessions;
        this.responder = responder;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        SessionUpdate update = newExchange.getMessage().getBody(SessionUpdate.class);
        Session session = sessions.find(update.session()).orElse(null);
        Exchange aggregated = oldExchange != null ? oldExchange : newExchange;
        if (session == null || session.phase() != Session.Phase.RECEIVING) {
            // the session completed or was replaced between its message being accepted and aggregated
            aggregated.getMessage().setHeader(STALE, true);
            aggregated.getMessage().setHeader(COMPLETE, true);
            if (oldExchange == null) {
                aggregated.getMessage().setBody(new SessionSummary(update.session(), 0).toBytes());
            }
            return aggregated;
        }
        SessionSummary summary = oldExchange == null
                ? new SessionSummary(session.id(), session.size())
                : SessionSummary.fromBytes(oldExchange.getMessage().getBody(byte[].class));
        summary.apply(update);
        boolean complete = summary.isComplete();
        if (complete) {
            sessions.complete(session);
            if (update.end()) {
                responder.send(session.channel(), session.agentId(), session.module(), Responses.endAck(Status.Processing, session.id()));
            }
        } else if (update.end()) {
            responder.send(session.channel(), session.agentId(), session.module(), Responses.reqRet(session.id(), ranges(summary.missing())));
        }
        aggregated.getMessage().setBody(summary.toBytes());
        aggregated.getMessage().setHeader(COMPLETE, complete);
        return aggregated;
    }

    private static List<SeqRange> ranges(List<SeqRanges.Range> missing) {
        List<SeqRange> ranges = new ArrayList<>(missing.size());
        for (SeqRanges.Range r : missing) {
            ranges.add(new SeqRange(r.first(), r.last()));
        }
        return ranges;
    }
}
