package io.inventorysync.router;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the TCP listener's connections may hold in all (behaviour.md §12), shared by their decoders: open connections,
 * idle time, and bytes buffered for partial frames. A decoder without limits (a client of another transport) has none.
 *
 * <p>Partial frames: each connection may buffer {@link #FREE_PARTIAL_BYTES} of a partial frame on its own account —
 * every DataBatch an agent sends (under 60 KiB) fits, so well-behaved connections never compete for the shared budget
 * — and only the bytes beyond that draw on {@code maxPartialFrameBytes} shared by all connections. Memory held by
 * partial frames is thus at most {@code maxConnections × 64 KiB + maxPartialFrameBytes}.
 */
public final class RouterConnectionLimits {

    /** Bytes of a partial frame a connection may buffer without drawing on the shared budget. */
    public static final int FREE_PARTIAL_BYTES = 64 * 1024;

    private final int maxConnections;
    private final long idleTimeoutNanos;
    private final long maxPartialFrameBytes;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong partialBytes = new AtomicLong();

    /**
     * @param maxConnections       open connections at most (0: no cap)
     * @param idleTimeout          a connection silent in both directions this long, or stalled this long in the
     *                             middle of a frame, is closed (zero: never)
     * @param maxPartialFrameBytes bytes of partial frames beyond each connection's free 64 KiB, over all connections
     */
    public RouterConnectionLimits(int maxConnections, Duration idleTimeout, long maxPartialFrameBytes) {
        this.maxConnections = maxConnections;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.maxPartialFrameBytes = maxPartialFrameBytes;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    public long maxPartialFrameBytes() {
        return maxPartialFrameBytes;
    }

    /** Takes a connection slot; false when every slot is taken (then nothing is taken). */
    boolean open() {
        if (open.incrementAndGet() > maxConnections && maxConnections > 0) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void closed() {
        open.decrementAndGet();
    }

    /** Changes a connection's share of the partial-frame budget by {@code delta} bytes; false (nothing changed) when over. */
    boolean chargePartial(long delta) {
        while (true) {
            long used = partialBytes.get();
            long next = used + delta;
            if (delta > 0 && next > maxPartialFrameBytes) {
                return false;
            }
            if (partialBytes.compareAndSet(used, next)) {
                return true;
            }
        }
    }

    /** Connections open now (those that took a slot). */
    public int openConnections() {
        return open.get();
    }

    /** Partial-frame bytes charged to the shared budget now. */
    public long partialFrameBytes() {
        return partialBytes.get();
    }
}
