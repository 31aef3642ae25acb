package io.inventorysync.wazuh;

import io.inventorysync.router.RouterFrames;
import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.support.DefaultConsumer;

/**
 * Runs a {@link RouterSubscription} while its route runs. Each read of published messages becomes one exchange,
 * routed synchronously on the subscription's I/O thread (the next read waits), with the same headers a camel-netty
 * consumer sets, so the route's steps cannot tell the two transports apart.
 */
final class RouterSubscriberConsumer extends DefaultConsumer {

    private final RouterSubscription subscription;

    RouterSubscriberConsumer(
            RouterSubscriberEndpoint endpoint, Processor processor, RouterSubscription.Builder builder) {
        super(endpoint, processor);
        this.subscription = builder.sink(this::route).build();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        subscription.start();
    }

    @Override
    protected void doStop() throws Exception {
        subscription.stop();
        super.doStop();
    }

    private void route(ChannelHandlerContext ctx, RouterFrames frames) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(frames);
            exchange.getMessage().setHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ctx);
            exchange.getMessage()
                    .setHeader(
                            NettyConstants.NETTY_REMOTE_ADDRESS, ctx.channel().remoteAddress());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler()
                        .handleException(
                                "Failed to route frames from the router broker", exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
