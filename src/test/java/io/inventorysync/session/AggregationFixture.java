package io.inventorysync.session;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.Mode;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.router.ConnectionResponder;
import io.inventorysync.router.ReplySender;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.router.RouterFrames;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * The aggregation strategy driven as the aggregator drives it (one aggregated exchange per session, updates folded
 * in one by one), with a clock the test moves and the responses captured from an in-memory connection.
 */
final class AggregationFixture {

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final ServiceMetrics metrics = new ServiceMetrics();
    final SessionAdmission admission =
            new SessionAdmission(new SessionLimits(100, 1_000_000), () -> true, metrics, clock::get);
    final EmbeddedChannel channel = new EmbeddedChannel();
    final SessionAggregation aggregation = new SessionAggregation(admission, metrics, clock::get);
    // the routes' replies step over the TCP listener's responder
    private final ReplySender replies = new ReplySender(new ConnectionResponder(metrics));
    private final CamelContext camel = new DefaultCamelContext();
    private Exchange aggregated;

    Session start(String agent, byte mode, long size) {
        AgentMetadata meta = new AgentMetadata("n", "v", List.of(), "x86_64", "h", "os", "p", "t", "1");
        StartRequest start =
                new StartRequest(agent, "syscollector", mode, size, List.of(), (byte) 0, () -> meta, 0, "", "");
        return admission.admit(start, channel).session();
    }

    Session start(long size) {
        return start("001", Mode.ModuleFull, size);
    }

    /**
     * Folds {@code update} in as route session-aggregate does (the aggregator works on a copy of the update's
     * exchange), sends the replies decided; true when the session is complete.
     */
    boolean aggregate(SessionUpdate update) {
        // every update follows a message that touched its session (SessionMessages)
        admission.find(update.session()).ifPresent(Session::touch);
        Exchange next = new DefaultExchange(camel);
        next.getMessage().setBody(update);
        Replies.of(next);
        aggregated = aggregation.aggregate(aggregated, next.copy());
        replies.process(next);
        return aggregation.isComplete(aggregated);
    }

    boolean received(Session session, long... seqs) {
        return aggregate(SessionUpdate.received(session.id(), seqs));
    }

    boolean end(Session session) {
        return aggregate(SessionUpdate.end(session.id()));
    }

    /** The responses written since the last call, as wire frames. */
    List<RouterFrame> responses() {
        channel.runPendingTasks();
        List<RouterFrame> out = new ArrayList<>();
        Object written;
        while ((written = channel.readOutbound()) != null) {
            out.addAll(((RouterFrames) written).frames());
        }
        return out;
    }

    static Message message(RouterFrame frame) {
        return Message.getRootAsMessage(ByteBuffer.wrap(frame.body()));
    }
}
