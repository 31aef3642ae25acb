package io.inventorysync.router;

import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.support.RateLimitedLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * decoded before the error are still passed on. A connection that closes in the middle of a frame is counted and
 * logged the same way (the partial frame cannot be handled).
 *
 * <p>With {@link RouterConnectionLimits} (the TCP listener), a connection beyond the cap is closed at once, one idle
 * or stalled mid-frame for the idle timeout is closed, and one whose partial frame finds the shared partial-frame
 * budget used up is closed; each counted and logged (rate-limited). Without them (a client transport), none apply.
 */
public final class RouterFrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RouterFrameDecoder.class);

    private final int maxFrameBytes;
    private final ServiceMetrics metrics;
    private final RouterConnections connections;
    private final RateLimitedLog warnings;
    private final RouterConnectionLimits limits;
    private boolean failed;
    private List<RouterFrame> pending = new ArrayList<>();
    private long pendingBytes;
    /** Whether this connection holds a slot of {@link RouterConnectionLimits}. */
    private boolean slot;
    /** This connection's partial-frame bytes charged to the shared budget. */
    private long charged;

    /** A decoder on its own (tests): not tracked, its warnings not shared with other connections. */
    public RouterFrameDecoder(int maxFrameBytes, ServiceMetrics metrics) {
        this(maxFrameBytes, metrics, null, new RateLimitedLog(LOG, 10_000));
    }

    /** A decoder of the service: its connection is tracked, its warnings rate-limited with every connection's. */
    public RouterFrameDecoder(
            int maxFrameBytes, ServiceMetrics metrics, RouterConnections connections, RateLimitedLog warnings) {
        this(maxFrameBytes, metrics, connections, warnings, null);
    }

    /** With the listener's connection limits ({@code null}: none, as for a client transport). */
    public RouterFrameDecoder(
            int maxFrameBytes,
            ServiceMetrics metrics,
            RouterConnections connections,
            RateLimitedLog warnings,
            RouterConnectionLimits limits) {
        this.maxFrameBytes = maxFrameBytes;
        this.metrics = metrics;
        this.connections = connections;
        this.warnings = warnings;
        this.limits = limits;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        if (limits != null && limits.idleTimeoutNanos() > 0) {
            // before this decoder, so its events reach userEventTriggered below
            long idle = limits.idleTimeoutNanos();
            ctx.pipeline().addBefore(ctx.name(), null, new IdleStateHandler(idle, 0, idle, TimeUnit.NANOSECONDS));
        }
        super.handlerAdded(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (limits != null) {
            slot = limits.open();
            if (!slot) {
                failed = true;
                metrics.connectionsRefused.increment();
                warnings.warn(
                        "connections",
                        "Connection from {} refused: inventory.router.max-connections={} are open",
                        ctx.channel().remoteAddress(),
                        limits.maxConnections());
                ctx.close();
                super.channelActive(ctx);
                return;
            }
        }
        if (connections != null) {
            connections.add(ctx.channel());
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            release();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (limits == null) {
            return;
        }
        if (charged != 0) {
            limits.chargePartial(-charged);
            charged = 0;
        }
        if (slot) {
            limits.closed();
            slot = false;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (limits != null && !failed) {
            chargePartialFrame(ctx);
        }
    }

    /** Charges what the partial frame left in the buffer holds beyond the free allowance to the shared budget. */
    private void chargePartialFrame(ChannelHandlerContext ctx) {
        long excess = Math.max(0, actualReadableBytes() - RouterConnectionLimits.FREE_PARTIAL_BYTES);
        if (excess == charged) {
            return;
        }
        if (limits.chargePartial(excess - charged)) {
            charged = excess;
            return;
        }
        failed = true;
        internalBuffer().skipBytes(internalBuffer().readableBytes());
        metrics.connectionsOverBudget.increment();
        warnings.warn(
                "partial-budget",
                "Connection from {} closed: its partial frame of {} bytes found "
                        + "inventory.router.max-partial-frame-bytes={} used up by other connections",
                ctx.channel().remoteAddress(),
                excess + RouterConnectionLimits.FREE_PARTIAL_BYTES,
                limits.maxPartialFrameBytes());
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle) {
            // silent both ways, or stalled in the middle of a frame: a slot and a buffer held for nothing
            boolean midFrame = actualReadableBytes() > 0;
            if (idle.state() == IdleState.ALL_IDLE || idle.state() == IdleState.READER_IDLE && midFrame) {
                metrics.connectionsIdleClosed.increment();
                warnings.warn(
                        "idle",
                        "Connection from {} closed: {} for inventory.router.idle-timeout={} ms",
                        ctx.channel().remoteAddress(),
                        midFrame ? "stalled in the middle of a frame" : "idle",
                        limits.idleTimeoutNanos() / 1_000_000);
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
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
        if (!failed && in.isReadable()) {
            metrics.truncatedFrames.increment();
            warnings.warn(
                    "truncated",
                    "Connection from {} closed in the middle of a frame: {} bytes dropped",
                    ctx.channel().remoteAddress(),
                    in.readableBytes());
            in.skipBytes(in.readableBytes());
        }
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
        String header =
                in.readCharSequence((int) headerSize, StandardCharsets.US_ASCII).toString();
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
        warnings.warn(
                "protocol",
                "Protocol error from {}: {}; closing the connection",
                ctx.channel().remoteAddress(),
                reason);
        ctx.close();
    }
}
