package io.inventorysync.router;

import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.support.RateLimitedLog;
import io.netty.channel.ChannelHandler;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.slf4j.LoggerFactory;

/** Gives camel-netty a fresh {@link RouterFrameDecoder} for every connection, tracked in {@link RouterConnections}. */
public final class RouterFrameDecoderFactory extends DefaultChannelHandlerFactory {

    private final int maxFrameBytes;
    private final ServiceMetrics metrics;
    private final RouterConnections connections;
    private final RouterConnectionLimits limits;
    // one window for all connections: a burst of broken connections is a few lines, not one per connection
    private final RateLimitedLog warnings =
            new RateLimitedLog(LoggerFactory.getLogger(RouterFrameDecoder.class), 10_000);

    public RouterFrameDecoderFactory(int maxFrameBytes, ServiceMetrics metrics, RouterConnections connections) {
        this(maxFrameBytes, metrics, connections, null);
    }

    /** With the listener's connection limits, shared by every connection's decoder ({@code null}: none). */
    public RouterFrameDecoderFactory(
            int maxFrameBytes, ServiceMetrics metrics, RouterConnections connections, RouterConnectionLimits limits) {
        this.maxFrameBytes = maxFrameBytes;
        this.metrics = metrics;
        this.connections = connections;
        this.limits = limits;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new RouterFrameDecoder(maxFrameBytes, metrics, connections, warnings, limits);
    }
}
