package io.inventorysync.router;

import io.inventorysync.metrics.ReplyLatencies;
import io.inventorysync.session.Replies;
import io.netty.channel.Channel;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The routes' {@code replies} step: sends the {@link Replies} the session steps of an exchange decided, in order,
 * through the transport's {@link Responder}. Consecutive replies for one connection leave in one batch (the answers to
 * the Starts of one read in one write). Once they left, the StartAck and EndAck latencies they end are recorded.
 */
public final class ReplySender implements Processor {

    private final Responder responder;
    private final ReplyLatencies latencies;

    public ReplySender(Responder responder) {
        this(responder, ReplyLatencies.NONE);
    }

    public ReplySender(Responder responder, ReplyLatencies latencies) {
        this.responder = responder;
        this.latencies = latencies;
    }

    @Override
    public void process(Exchange exchange) {
        Replies replies = exchange.getProperty(Replies.PROPERTY, Replies.class);
        if (replies == null || replies.isEmpty()) {
            return;
        }
        List<Replies.Reply> all = replies.take();
        Responder.Batch batch = null;
        Channel channel = null;
        for (Replies.Reply reply : all) {
            if (batch == null || reply.channel() != channel) {
                if (batch != null) {
                    batch.send();
                }
                channel = reply.channel();
                batch = responder.batch(channel);
            }
            batch.add(reply.agentId(), reply.module(), reply.body());
        }
        batch.send();
        if (latencies != ReplyLatencies.NONE) {
            record(all);
        }
    }

    private void record(List<Replies.Reply> sent) {
        long now = System.nanoTime();
        for (Replies.Reply reply : sent) {
            switch (reply.timed()) {
                case START_ACK -> latencies.startAck(now - reply.since());
                case END_ACK -> latencies.endAck(now - reply.since());
                case NONE -> {}
            }
        }
    }
}
