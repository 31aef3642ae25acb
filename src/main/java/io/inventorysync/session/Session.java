package io.inventorysync.session;

import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open sync session: what was admitted (id, agent id padded to 3 digits, module, mode, size, allowlisted
 * indices, the Start), and the little that changes while it runs — the connection of its latest message and
 * whether it is still receiving or ever received a message. Items and received ranges live in RocksDB, never here.
 */
public final class Session {

    private static final int UNTOUCHED = 0;
    private static final int TOUCHED = 1;
    private static final int EXPIRED = 2;

    /** Where a session is in its life. */
    public enum Phase {
        /** receiving items */
        RECEIVING,
        /** complete: queued for or being indexed; a repeated End is answered Processing */
        COMPLETE,
        /** replaced by a newer Start of the same agent and module, or ended: nothing more is sent to it */
        CLOSED
    }

    private final long id;
    private final String agentId;
    private final String module;
    private final byte mode;
    private final long size;
    private final List<String> indices;
    private final StartRequest start;
    private volatile Channel channel;
    private volatile Phase phase = Phase.RECEIVING;
    private volatile long completedAt;
    private final long startedAt = System.nanoTime();
    // UNTOUCHED until the session's first message (from then on the aggregator times it out), or EXPIRED by the
    // idle check first: whichever happens first wins, atomically
    private final AtomicInteger firstMessage = new AtomicInteger(UNTOUCHED);

    public Session(long id, String agentId, String module, byte mode, long size, List<String> indices, StartRequest start) {
        this.id = id;
        this.agentId = agentId;
        this.module = module;
        this.mode = mode;
        this.size = size;
        this.indices = indices;
        this.start = start;
    }

    public long id() {
        return id;
    }

    /** The session id as agents see it: an unsigned 64-bit number. */
    public String idText() {
        return Long.toUnsignedString(id);
    }

    public String agentId() {
        return agentId;
    }

    public String module() {
        return module;
    }

    public byte mode() {
        return mode;
    }

    /** Declared item count (unsigned). */
    public long size() {
        return size;
    }

    /** The allowlisted {@code Start.index} entries. */
    public List<String> indices() {
        return indices;
    }

    public StartRequest start() {
        return start;
    }

    /** The connection of the session's latest message: where its responses go. */
    public Channel channel() {
        return channel;
    }

    public void channel(Channel latest) {
        if (latest != null) {
            channel = latest;
        }
    }

    public Phase phase() {
        return phase;
    }

    void phase(Phase next) {
        if (next == Phase.COMPLETE) {
            completedAt = System.nanoTime();
        }
        phase = next;
    }

    /**
     * Records that a message of this session arrived (its inactivity is timed by the aggregator from now on). False
     * when the session already expired for never receiving one: the message must be treated as for an unknown session.
     */
    public boolean touch() {
        // states only move forward: a failed CAS means TOUCHED (by another message) or EXPIRED
        return firstMessage.get() == TOUCHED || firstMessage.compareAndSet(UNTOUCHED, TOUCHED) || firstMessage.get() == TOUCHED;
    }

    /** Whether a message of this session arrived (only then can it have items in the store). */
    public boolean touched() {
        return firstMessage.get() == TOUCHED;
    }

    /** Whether the session received no message and was admitted before {@code cutoff} ({@link System#nanoTime()}). */
    boolean untouchedSince(long cutoff) {
        return firstMessage.get() == UNTOUCHED && startedAt - cutoff <= 0;
    }

    /** Claims the expiry of a session that never received a message; false when a message came first. */
    boolean expireUntouched() {
        return firstMessage.compareAndSet(UNTOUCHED, EXPIRED);
    }

    /** {@link System#nanoTime()} when the session completed: its indexer deadline counts from here. */
    public long completedAt() {
        return completedAt;
    }

    @Override
    public String toString() {
        return "session " + idText() + " (agent " + agentId + ", " + module + ")";
    }
}
