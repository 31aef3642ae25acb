package io.inventorysync.store;

/**
 * The item key spaces of a {@link RocksDBStore}: each is a column family of its own, keyed by
 * {@link RocksDBPayloadKeys}. Values and contexts of one session never mix, and both are kept apart from the
 * aggregation groups.
 */
public enum RocksDBKeyspace {
    /** Session items that will be read back and used (column family {@code payload}). */
    PAYLOAD("payload"),
    /** Items kept apart from the values, e.g. context that is stored but never indexed (column family {@code context}). */
    CONTEXT("context");

    private final String columnFamily;

    RocksDBKeyspace(String columnFamily) {
        this.columnFamily = columnFamily;
    }

    /** The name of the column family holding this key space. */
    public String columnFamily() {
        return columnFamily;
    }
}
