package io.inventorysync.fullsession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request's body: a direct buffer of exactly its Content-Length, charged to the budget, with two holders — the
 * connection (until the answer is written or the peer is gone) and the route (until its exchange completed). The
 * memory and the budget go back when the last one lets go: a connection that dies while the route still reads the
 * body must not free memory under it (a freed unpooled buffer is unmapped memory; a pooled one, another request's).
 */
final class RequestBody {

    private final ByteBuf buffer;
    private final InFlightBudget budget;
    private final AtomicInteger holders = new AtomicInteger(1);

    private RequestBody(ByteBuf buffer, InFlightBudget budget) {
        this.buffer = buffer;
        this.budget = budget;
    }

    /**
     * A buffer for {@code length} bytes, the budget already charged by the caller. Above the pool's chunk size (4 MiB)
     * the pooled allocator allocates it on its own and frees it at release, so big bodies do not stay in the pool.
     *
     * @throws OutOfMemoryError when the JVM's direct memory is used up
     */
    static RequestBody allocate(int length, InFlightBudget budget) {
        return new RequestBody(PooledByteBufAllocator.DEFAULT.directBuffer(length, length), budget);
    }

    int length() {
        return buffer.capacity();
    }

    int missing() {
        return buffer.writableBytes();
    }

    /** Appends received bytes (the caller never passes more than {@link #missing()}). */
    void append(ByteBuf bytes) {
        buffer.writeBytes(bytes);
    }

    /** The body's bytes, read-only, position 0; only while a holder is left. */
    ByteBuffer view() {
        if (holders.get() == 0) {
            throw new IllegalStateException("the body was released");
        }
        return buffer.nioBuffer(0, buffer.capacity()).asReadOnlyBuffer();
    }

    void addHolder() {
        holders.incrementAndGet();
    }

    /** One holder lets go (each exactly once); the last frees the memory and returns the budget. */
    void release() {
        if (holders.decrementAndGet() == 0) {
            int length = buffer.capacity();
            buffer.release();
            budget.release(length);
        }
    }

    boolean released() {
        return holders.get() == 0;
    }
}
