package io.inventorysync.router;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The router's open connections, so that a graceful shutdown can stop reading frames first while the connections
 * stay open for the EndAcks still to come (stopping the netty route would close them all at once).
 */
public final class RouterConnections {

    private final ChannelGroup channels = new DefaultChannelGroup("router", GlobalEventExecutor.INSTANCE);
    private volatile boolean paused;

    /** Called by each connection's decoder when it becomes active; a connection opened while paused reads nothing. */
    public void add(Channel channel) {
        channels.add(channel); // removed by the group itself when the channel closes
        if (paused) {
            channel.config().setAutoRead(false);
        }
    }

    /** Stops reading on every connection, present and future; writes still go out. */
    public void stopReading() {
        paused = true;
        for (Channel channel : channels) {
            channel.config().setAutoRead(false);
        }
    }

    public boolean isReading() {
        return !paused;
    }

    public int size() {
        return channels.size();
    }
}
