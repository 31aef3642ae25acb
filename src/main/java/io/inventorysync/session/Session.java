package io.inventorysync.session;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An open sync session: what was admitted (id, agent id padded to 3 digits, module, mode, size, allowlisted
 * indices, the Start), and what changes while it runs — the connection of its latest message, when it last got
 * one, whether it is still receiving, the seqs received, End, the indices to clean and the checksum. Items live in
 * RocksDB, never here; what is here is bounded by the declared size (one bit per item) and small caps.
 */
public final class Session {

    /** Distinct DataClean indices kept per session; real agents name a few (the allowlist has a handful of families). */
    public static final int MAX_CLEAN_INDICES = 64;

    /**
     * Where a session is in its life: the one source of truth of its state, which only moves forward (a
     * compare-and-set per step, so that racing threads agree on who moved it). The admission maps index the open
     * sessions; the aggregator's 9-byte group only names the session.
     */
    public enum Phase {
        /** admitted, no message yet: the idle check times it out from its Start */
        ADMITTED,
        /** a message arrived: timed out from its latest message, by the aggregator or the idle check */
        RECEIVING,
        /** End seen and nothing missing: about to be handed to indexing; a repeated End is answered Processing */
        COMPLETE,
        /** handed to indexing (once) */
        INDEXING,
        /** replaced by a newer Start of the same agent and module, expired, or ended: nothing more is sent to it */
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
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.ADMITTED);
    // history, not state: a message arrived once (only then can it have items in the store)
    private volatile boolean touched;
    private volatile long completedAt;
    private final long startedAt;
    // the clock of admission (System.nanoTime() in service): when the latest message of this session arrived
    private volatile long lastMessageAt;
    // lastMessageAt as of the latest update the aggregator took in: differs when a message since brought it nothing
    private volatile long aggregatedAt = Long.MIN_VALUE;
    private volatile boolean endSeen;
    // System.nanoTime() of the read that carried the latest End handed to the aggregator: where End→EndAck starts
    private volatile long endReceivedAt;
    // the clock of admission: when the service last told this complete session's agent to keep waiting on its own
    private volatile long keptWaitingAt = Long.MIN_VALUE;
    private volatile String checksumIndex;
    private volatile String checksum;
    // guarded by itself: DataCleans are noted on the I/O threads that deliver them
    private final Set<String> cleanIndices = new TreeSet<>();
    // only the aggregation strategy touches these, under the aggregator's lock
    private ReceivedSeqs received;
    private long lastReqRetAt;
    private boolean reqRetSent;

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
        return phase.get();
    }

    /** Still taking messages: admitted or receiving. */
    public boolean receiving() {
        Phase now = phase.get();
        return now == Phase.ADMITTED || now == Phase.RECEIVING;
    }

    /** Complete and not answered yet: about to be, or being, indexed. */
    public boolean complete() {
        Phase now = phase.get();
        return now == Phase.COMPLETE || now == Phase.INDEXING;
    }

    /** Receiving (or admitted: a ModuleCheck of size 0 needs no item) to complete; false when it was not receiving. */
    boolean completed() {
        if (phase.compareAndSet(Phase.RECEIVING, Phase.COMPLETE)
                || phase.compareAndSet(Phase.ADMITTED, Phase.COMPLETE)) {
            completedAt = System.nanoTime();
            return true;
        }
        return false;
    }

    /** True once, for the first caller after the session completed: that caller hands it to indexing. */
    boolean claimIndexing() {
        return phase.compareAndSet(Phase.COMPLETE, Phase.INDEXING);
    }

    /** Whatever it was, it is closed now. */
    void close() {
        phase.set(Phase.CLOSED);
    }

    /**
     * Records that a message of this session arrived (its inactivity is timed from its latest message from now on).
     * False when the session was closed before any message arrived (the idle check expired it first, or a newer
     * Start replaced it): the message must be treated as for an unknown session.
     */
    public boolean touch() {
        // every message of a session calls this: after the first, a read, not a compare-and-set
        if (touched) {
            return true;
        }
        if (phase.compareAndSet(Phase.ADMITTED, Phase.RECEIVING)) {
            touched = true;
            return true;
        }
        return touched || phase.get() != Phase.CLOSED;
    }

    /** Whether a message of this session arrived (only then can it have items in the store). */
    public boolean touched() {
        return touched;
    }

    /** Whether the session received no message and was admitted before {@code cutoff} ({@link System#nanoTime()}). */
    boolean untouchedSince(long cutoff) {
        return phase.get() == Phase.ADMITTED && startedAt - cutoff <= 0;
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
        return phase.get() == Phase.RECEIVING && aggregatedAt == lastMessageAt;
    }

    /**
     * Whether the session is receiving and got nothing since {@code cutoff}: never touched and admitted before it,
     * or touched and its latest message before it — whatever that message was (out of range, refused by the store,
     * with or without an aggregation group): every accepted session times out (behaviour.md §12).
     */
    boolean idleSince(long cutoff) {
        Phase now = phase.get();
        if (now == Phase.ADMITTED) {
            return untouchedSince(cutoff);
        }
        return now == Phase.RECEIVING && lastMessageAt - cutoff <= 0;
    }

    /**
     * Whether the session is complete, queued or indexing, its End came, and its agent heard nothing since
     * {@code cutoff}: neither answered by a message of its own (every End of a complete session gets Processing) nor
     * by a keep-alive ({@link #keptWaiting}).
     */
    boolean waitingSilentlySince(long cutoff) {
        Phase now = phase.get();
        return (now == Phase.COMPLETE || now == Phase.INDEXING)
                && endSeen
                && lastMessageAt - cutoff <= 0
                && (keptWaitingAt == Long.MIN_VALUE || keptWaitingAt - cutoff <= 0);
    }

    /** An unasked EndAck{Processing} goes to the agent at {@code at} (the clock of admission). */
    void keptWaiting(long at) {
        keptWaitingAt = at;
    }

    /** Claims the expiry of a session that never received a message; false when a message came first. */
    boolean expireUntouched() {
        return phase.compareAndSet(Phase.ADMITTED, Phase.CLOSED);
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
