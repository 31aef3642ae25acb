package io.inventorysync.router;

import io.inventorysync.metrics.ServiceMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes responses as router frames with the header {@code <agent3> <module>_sync} on a given connection. A
 * connection that is gone drops the response: logged, counted; the agent retries on its own timeout.
 */
public final class Responder {

    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

    private final ServiceMetrics metrics;
    // a router that went away takes many sessions' responses with it: a few lines, with the count of the rest
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);

    public Responder(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    /** The connection an inbound exchange arrived on. */
    public static Channel channelOf(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getMessage().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        return ctx == null ? null : ctx.channel();
    }

    /** Sends {@code body} to the agent; writes on one channel leave in the order of these calls. */
    public void send(Channel channel, String agentId, String module, byte[] body) {
        if (channel == null || !channel.isActive()) {
            dropped(channel, agentId, module, "connection closed");
            return;
        }
        RouterFrame frame = new RouterFrame(RouterFrame.responseHeader(agentId, module), body);
        channel.writeAndFlush(frame).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                dropped(channel, agentId, module, String.valueOf(f.cause()));
            }
        });
    }

    /** Responses for one connection, written together in the order added (the answers to the Starts of one read). */
    public Batch batch(Channel channel) {
        return new Batch(channel);
    }

    /** Responses collected for one connection; {@link #send()} writes them as one buffer. */
    public final class Batch {
        private final Channel channel;
        private final List<RouterFrame> frames = new ArrayList<>();
        private String first;

        private Batch(Channel channel) {
            this.channel = channel;
        }

        public void add(String agentId, String module, byte[] body) {
            if (first == null) {
                first = "agent " + agentId + " module " + module;
            }
            frames.add(new RouterFrame(RouterFrame.responseHeader(agentId, module), body));
        }

        public void send() {
            if (frames.isEmpty()) {
                return;
            }
            if (channel == null || !channel.isActive()) {
                droppedAll("connection closed");
                return;
            }
            channel.writeAndFlush(new RouterFrames(frames)).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    droppedAll(String.valueOf(f.cause()));
                }
            });
        }

        private void droppedAll(String reason) {
            metrics.responsesDropped.add(frames.size() - 1);
            dropped(channel, first + (frames.size() > 1 ? " and " + (frames.size() - 1) + " more" : ""), reason);
        }
    }

    private void dropped(Channel channel, String agentId, String module, String reason) {
        dropped(channel, "agent " + agentId + " module " + module, reason);
    }

    private void dropped(Channel channel, String responses, String reason) {
        metrics.responsesDropped.increment();
        warnings.warn("dropped", "Response to {} dropped ({}): {}", responses,
                channel == null ? "no connection" : channel.remoteAddress(), reason);
    }
}
