package io.inventorysync.router;

import io.inventorysync.metrics.ReplyLatencies;
import io.inventorysync.session.Replies;
import io.netty.channel.Channel;
import java.util.List;
import java.util.function.LongSupplier;
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
    private final LongSupplier clock;

    public ReplySender(Responder responder) {
        this(responder, ReplyLatencies.NONE, System::nanoTime);
    }

    public ReplySender(Responder responder, ReplyLatencies latencies) {
        this(responder, latencies, System::nanoTime);
    }

    /** @param clock nanoseconds on the clock of {@link Replies#RECEIVED_AT} ({@code System::nanoTime} in service) */
    public ReplySender(Responder responder, ReplyLatencies latencies, LongSupplier clock) {
        this.responder = responder;
        this.latencies = latencies;
        this.clock = clock;
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
        long now = clock.getAsLong();
        for (Replies.Reply reply : sent) {
            switch (reply.timed()) {
                case START_ACK -> latencies.startAck(now - reply.since());
                case END_ACK -> latencies.endAck(now - reply.since());
                case NONE -> {}
            }
        }
    }
}
