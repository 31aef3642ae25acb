package io.inventorysync.router;

import io.inventorysync.metrics.ServiceMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a TCP stream into {@link RouterFrame}s and passes them on as {@link RouterFrames}: every frame completed by
 * one read loop of the connection (up to Netty's 16 reads), in order, when the loop ends. One instance per
 * connection (it keeps partial reads and the frames not yet passed on).
 *
 * <p>A protocol error (packetSize below 4 or above the limit, headerSize past the packet) makes the stream
 * unreadable from that point: the connection is closed, the error logged with the peer (at most once per 10 s for all connections, with the count
 * of those suppressed) and counted. Frames
 * decoded before the error are still passed on.
 */
public final class RouterFrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RouterFrameDecoder.class);

    private final int maxFrameBytes;
    private final ServiceMetrics metrics;
    private final RouterConnections connections;
    private final RateLimitedLog warnings;
    private boolean failed;
    private List<RouterFrame> pending = new ArrayList<>();
    private long pendingBytes;

    /** A decoder on its own (tests): not tracked, its warnings not shared with other connections. */
    public RouterFrameDecoder(int maxFrameBytes, ServiceMetrics metrics) {
        this(maxFrameBytes, metrics, null, new RateLimitedLog(LOG, 10_000));
    }

    /** A decoder of the service: its connection is tracked, its warnings rate-limited with every connection's. */
    public RouterFrameDecoder(int maxFrameBytes, ServiceMetrics metrics, RouterConnections connections, RateLimitedLog warnings) {
        this.maxFrameBytes = maxFrameBytes;
        this.metrics = metrics;
        this.connections = connections;
        this.warnings = warnings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (connections != null) {
            connections.add(ctx.channel());
        }
        super.channelActive(ctx);
    }

    /** Frames held back until the read loop ends; past this many bytes they are passed on at once. */
    static final long MAX_PENDING_BYTES = 4L << 20;

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        firePending(ctx);
        super.channelReadComplete(ctx);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        // the connection is closing: what it sent before is still handled, before the close is seen
        firePending(ctx);
    }

    private void firePending(ChannelHandlerContext ctx) {
        if (!pending.isEmpty()) {
            RouterFrames frames = new RouterFrames(pending);
            pending = new ArrayList<>();
            pendingBytes = 0;
            ctx.fireChannelRead(frames);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        long packetSize = in.getUnsignedIntLE(start);
        if (packetSize < 4) {
            fail(ctx, in, "packetSize " + packetSize + " is smaller than 4");
            return;
        }
        if (packetSize > maxFrameBytes) {
            fail(ctx, in, "packetSize " + packetSize + " exceeds inventory.router.max-frame-bytes=" + maxFrameBytes);
            return;
        }
        if (in.readableBytes() < 4 + packetSize) {
            return;
        }
        long headerSize = in.getUnsignedIntLE(start + 4);
        if (headerSize > packetSize - 4) {
            fail(ctx, in, "headerSize " + headerSize + " exceeds packetSize - 4 = " + (packetSize - 4));
            return;
        }
        in.skipBytes(8);
        String header = in.readCharSequence((int) headerSize, StandardCharsets.US_ASCII).toString();
        byte[] body = new byte[(int) (packetSize - 4 - headerSize)];
        in.readBytes(body);
        pending.add(new RouterFrame(header, body));
        pendingBytes += 8 + packetSize;
        if (pendingBytes >= MAX_PENDING_BYTES) {
            firePending(ctx);
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        failed = true;
        firePending(ctx);
        in.skipBytes(in.readableBytes());
        metrics.protocolErrors.increment();
        warnings.warn("protocol", "Protocol error from {}: {}; closing the connection", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }
}
