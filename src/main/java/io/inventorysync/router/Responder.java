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
        Batch one = batch(channel);
        one.add(agentId, module, body);
        one.send();
    }

    /** Responses for one connection, written together in the order added (the answers to the Starts of one read). */
    public Batch batch(Channel channel) {
        return new Batch(channel);
    }

    /** Responses collected for one connection; {@link #send()} writes them as one buffer. */
    public final class Batch {
        private final Channel channel;
        private final List<RouterFrame> frames = new ArrayList<>();

        private Batch(Channel channel) {
            this.channel = channel;
        }

        public void add(String agentId, String module, byte[] body) {
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
            metrics.responsesDropped.add(frames.size());
            // the header names the first response's agent and module: "<agent3> <module>_sync"
            warnings.warn("dropped", "Response '{}' dropped ({}): {}",
                    frames.get(0).header() + (frames.size() > 1 ? " and " + (frames.size() - 1) + " more" : ""),
                    channel == null ? "no connection" : channel.remoteAddress(), reason);
        }
    }
}
