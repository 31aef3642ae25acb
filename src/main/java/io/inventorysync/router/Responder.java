package io.inventorysync.router;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;

/**
 * Sends responses ({@code StartAck}, {@code ReqRet}, {@code EndAck}) to agents. Two implementations, chosen by the
 * transport: {@link ConnectionResponder} writes router frames back on the connection a message arrived on (the TCP
 * listener); {@code io.inventorysync.wazuh.RemotedResponder} sends datagrams to remoted's {@code queue/sockets/ar}
 * (beside a real manager). A response that cannot leave is dropped, logged (rate-limited) and counted, never
 * buffered without bound: the agent retries on its own timeout.
 */
public interface Responder {

    /** The connection an inbound exchange arrived on ({@code null} when it did not come through Netty). */
    static Channel channelOf(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getMessage()
                .getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class);
        return ctx == null ? null : ctx.channel();
    }

    /**
     * Responses that leave together, in the order added (the answers to the Starts of one read). {@code channel} is
     * the connection of the session's latest message; a transport that does not answer on it ignores it.
     */
    Batch batch(Channel channel);

    /** Sends {@code body} to the agent; responses of one session leave in the order of these calls. */
    default void send(Channel channel, String agentId, String module, byte[] body) {
        Batch one = batch(channel);
        one.add(agentId, module, body);
        one.send();
    }

    /** Responses collected for one destination; {@link #send()} sends them in the order added. */
    interface Batch {
        /** {@code agentId} as the session knows it (3-padded), or as received for a refused Start. */
        void add(String agentId, String module, byte[] body);

        void send();
    }
}
