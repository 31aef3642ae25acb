package io.inventorysync.router;

import io.inventorysync.session.Replies;
import io.netty.channel.Channel;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The routes' {@code replies} step: sends the {@link Replies} the session steps of an exchange decided, in order,
 * through the transport's {@link Responder}. Consecutive replies for one connection leave in one batch (the answers to
 * the Starts of one read in one write).
 */
public final class ReplySender implements Processor {

    private final Responder responder;

    public ReplySender(Responder responder) {
        this.responder = responder;
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
    }
}
