package io.inventorysync.router;

import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP listener's {@link Responder}: writes responses as router frames with the header {@code <agent3>
 * <module>_sync} on the connection the session's latest message arrived on. A connection that is gone, or one whose
 * peer does not read (Netty's write-buffer high water mark reached), drops the response: logged, counted.
 */
public final class ConnectionResponder implements Responder {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionResponder.class);

    private final ServiceMetrics metrics;
    // a router that went away takes many sessions' responses with it: a few lines, with the count of the rest
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);

    public ConnectionResponder(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Batch batch(Channel channel) {
        return new ConnectionBatch(channel);
    }

    private final class ConnectionBatch implements Batch {
        private final Channel channel;
        private final List<RouterFrame> frames = new ArrayList<>();

        private ConnectionBatch(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void add(String agentId, String module, byte[] body) {
            frames.add(new RouterFrame(RouterFrame.responseHeader(agentId, module), body));
        }

        @Override
        public void send() {
            if (frames.isEmpty()) {
                return;
            }
            if (channel == null || !channel.isActive()) {
                droppedAll("connection closed");
                return;
            }
            if (!channel.isWritable()) {
                // the peer does not read what it was sent: buffering more would let it exhaust the heap
                droppedAll("peer not reading (write buffer above its high water mark)");
                return;
            }
            int count = frames.size();
            channel.writeAndFlush(new RouterFrames(frames)).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    metrics.responsesSent.add(count);
                } else {
                    droppedAll(String.valueOf(f.cause()));
                }
            });
        }

        private void droppedAll(String reason) {
            metrics.responsesDropped.add(frames.size());
            // the header names the first response's agent and module: "<agent3> <module>_sync"
            warnings.warn(
                    "dropped",
                    "Response '{}' dropped ({}): {}",
                    LogText.printable(frames.get(0).header())
                            + (frames.size() > 1 ? " and " + (frames.size() - 1) + " more" : ""),
                    channel == null ? "no connection" : channel.remoteAddress(),
                    reason);
        }
    }
}
