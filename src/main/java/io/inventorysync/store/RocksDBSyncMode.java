package io.inventorysync.store;

/**
 * When {@link RocksDBAggregationRepository} asks RocksDB to fsync its write-ahead log. Every write of the
 * repository goes through the WAL, so a process crash loses nothing; the mode decides what survives an
 * operating-system crash or power loss.
 */
public enum RocksDBSyncMode {
    /** Never fsync: the fastest; the last writes before a power loss may be lost. */
    NEVER,
    /**
     * Fsync when a group completes ({@code remove}: the group moves to {@code completed}), so a completed
     * group survives a power loss and is recovered; per-message updates and confirmations are not synced.
     * One fsync per completed group.
     */
    ON_COMPLETION,
    /** Fsync every write (add, remove, confirm): the safest, and one fsync per message. */
    ALWAYS
}
