package io.inventorysync.session;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open sync session: what was admitted (id, agent id padded to 3 digits, module, mode, size, allowlisted
 * indices, the Start), and what changes while it runs — the connection of its latest message, when it last got
 * one, whether it is still receiving, the seqs received, End, the indices to clean and the checksum. Items live in
 * RocksDB, never here; what is here is bounded by the declared size (one bit per item) and small caps.
 */
public final class Session {

    /** Distinct DataClean indices kept per session; real agents name a few (the allowlist has a handful of families). */
    public static final int MAX_CLEAN_INDICES = 64;

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
    private final long startedAt;
    // the clock of admission (System.nanoTime() in service): when the latest message of this session arrived
    private volatile long lastMessageAt;
    // lastMessageAt as of the latest update the aggregator took in: differs when a message since brought it nothing
    private volatile long aggregatedAt = Long.MIN_VALUE;
    private volatile boolean endSeen;
    // System.nanoTime() of the read that carried the latest End handed to the aggregator: where End→EndAck starts
    private volatile long endReceivedAt;
    private final AtomicBoolean indexingClaimed = new AtomicBoolean();
    private volatile String checksumIndex;
    private volatile String checksum;
    // guarded by itself: DataCleans are noted on the I/O threads that deliver them
    private final Set<String> cleanIndices = new TreeSet<>();
    // only the aggregation strategy touches these, under the aggregator's lock
    private ReceivedSeqs received;
    private long lastReqRetAt;
    private boolean reqRetSent;
    // UNTOUCHED until the session's first message (from then on the aggregator times it out), or EXPIRED by the
    // idle check first: whichever happens first wins, atomically
    private final AtomicInteger firstMessage = new AtomicInteger(UNTOUCHED);

    public Session(
            long id, String agentId, String module, byte mode, long size, List<String> indices, StartRequest start) {
        this(id, agentId, module, mode, size, indices, start, System.nanoTime());
    }

    /** @param startedAt when it was admitted, on the clock of {@link SessionAdmission} (nanoseconds) */
    public Session(
            long id,
            String agentId,
            String module,
            byte mode,
            long size,
            List<String> indices,
            StartRequest start,
            long startedAt) {
        this.startedAt = startedAt;
        this.lastMessageAt = startedAt;
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
        return firstMessage.get() == TOUCHED
                || firstMessage.compareAndSet(UNTOUCHED, TOUCHED)
                || firstMessage.get() == TOUCHED;
    }

    /** Whether a message of this session arrived (only then can it have items in the store). */
    public boolean touched() {
        return firstMessage.get() == TOUCHED;
    }

    /** Whether the session received no message and was admitted before {@code cutoff} ({@link System#nanoTime()}). */
    boolean untouchedSince(long cutoff) {
        return firstMessage.get() == UNTOUCHED && startedAt - cutoff <= 0;
    }

    /** Records that a message of this session arrived at {@code now} (the clock of {@link SessionAdmission}). */
    void messageAt(long now) {
        lastMessageAt = now;
    }

    /** The aggregator took in an update of this session: what arrived until now is accounted for by its timeout. */
    void aggregated() {
        aggregatedAt = lastMessageAt;
    }

    /**
     * Whether the aggregator's inactivity timeout speaks for this session: it is receiving and no message arrived
     * since the aggregator's latest update (one that brought nothing, e.g. out of range, leaves it to the idle check).
     */
    boolean idleSinceAggregated() {
        return phase == Phase.RECEIVING && aggregatedAt == lastMessageAt;
    }

    /**
     * Whether the session is receiving and got nothing since {@code cutoff}: never touched and admitted before it,
     * or touched and its latest message before it — whatever that message was (out of range, refused by the store,
     * with or without an aggregation group): every accepted session times out (behaviour.md §12).
     */
    boolean idleSince(long cutoff) {
        if (phase != Phase.RECEIVING) {
            return false;
        }
        return touched() ? lastMessageAt - cutoff <= 0 : untouchedSince(cutoff);
    }

    /** Claims the expiry of a session that never received a message; false when a message came first. */
    boolean expireUntouched() {
        return firstMessage.compareAndSet(UNTOUCHED, EXPIRED);
    }

    /** {@link System#nanoTime()} when the session completed: its indexer deadline counts from here. */
    public long completedAt() {
        return completedAt;
    }

    /** End was received. */
    public boolean endSeen() {
        return endSeen;
    }

    void endSeen(boolean seen) {
        endSeen = seen;
    }

    /** {@link System#nanoTime()} of the read that carried the latest End of this session that was aggregated. */
    long endReceivedAt() {
        return endReceivedAt;
    }

    void endReceivedAt(long at) {
        endReceivedAt = at;
    }

    /** True once, for the first caller after the session completed: that caller hands it to indexing. */
    boolean claimIndexing() {
        return phase == Phase.COMPLETE && indexingClaimed.compareAndSet(false, true);
    }

    void checksum(String index, String value) {
        checksumIndex = index;
        checksum = value;
    }

    /**
     * Remembers an allowlisted DataClean index (duplicates collapse). False when it is new and
     * {@link #MAX_CLEAN_INDICES} are already kept: it is dropped.
     */
    boolean clean(String index) {
        synchronized (cleanIndices) {
            if (cleanIndices.contains(index)) {
                return true;
            }
            return cleanIndices.size() < MAX_CLEAN_INDICES && cleanIndices.add(index);
        }
    }

    /** The received seqs (created on first use); only under the aggregator's lock. */
    ReceivedSeqs received() {
        if (received == null) {
            received = new ReceivedSeqs(size);
        }
        return received;
    }

    /** How many distinct seqs arrived (for logs; read without the aggregator's lock it may lag). */
    long receivedCount() {
        ReceivedSeqs r = received;
        return r == null ? 0 : r.received();
    }

    /** Whether a ReqRet was sent less than {@code nanos} before {@code now}. Under the aggregator's lock. */
    boolean reqRetSentWithin(long now, long nanos) {
        return reqRetSent && now - lastReqRetAt < nanos;
    }

    void reqRetSent(long at) {
        lastReqRetAt = at;
        reqRetSent = true;
    }

    /** What the indexer needs of the session, as of now (complete sessions no longer change). */
    public SessionSummary summary() {
        Set<String> clean;
        synchronized (cleanIndices) {
            clean = Set.copyOf(cleanIndices);
        }
        return new SessionSummary(id, size, endSeen, receivedCount(), new TreeSet<>(clean), checksumIndex, checksum);
    }

    @Override
    public String toString() {
        return "session " + idText() + " (agent " + agentId + ", " + module + ")";
    }
}
