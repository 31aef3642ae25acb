package io.inventorysync.router;

import io.netty.channel.ChannelHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;

/**
 * Gives every router connection a {@link FlushConsolidationHandler}: responses written while a read is being
 * processed (a burst of Starts arrives in one read) leave in one flush, one system call, at the end of the read;
 * responses written from other threads (EndAck from the indexer threads) are flushed together on the connection's
 * next event-loop turn. First in the pipeline, so it sees every read and every flush.
 */
public final class RouterFlushConsolidation extends DefaultChannelHandlerFactory {

    /** Flushes at the latest after this many consolidated writes, so a long read does not hold responses back. */
    static final int MAX_CONSOLIDATED = 256;

    @Override
    public ChannelHandler newChannelHandler() {
        return new FlushConsolidationHandler(MAX_CONSOLIDATED, true);
    }
}
