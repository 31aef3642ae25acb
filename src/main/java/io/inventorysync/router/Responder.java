package io.inventorysync.router;

import io.inventorysync.metrics.ServiceMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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

    private void dropped(Channel channel, String agentId, String module, String reason) {
        metrics.responsesDropped.increment();
        warnings.warn("dropped", "Response to agent {} module {} dropped ({}): {}", agentId, module,
                channel == null ? "no connection" : channel.remoteAddress(), reason);
    }
}
