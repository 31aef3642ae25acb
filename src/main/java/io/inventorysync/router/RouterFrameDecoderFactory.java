package io.inventorysync.router;

import io.inventorysync.metrics.ServiceMetrics;
import io.netty.channel.ChannelHandler;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;

/** Gives camel-netty a fresh {@link RouterFrameDecoder} for every connection. */
public final class RouterFrameDecoderFactory extends DefaultChannelHandlerFactory {

    private final int maxFrameBytes;
    private final ServiceMetrics metrics;

    public RouterFrameDecoderFactory(int maxFrameBytes, ServiceMetrics metrics) {
        this.maxFrameBytes = maxFrameBytes;
        this.metrics = metrics;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new RouterFrameDecoder(maxFrameBytes, metrics);
    }
}
