package io.inventorysync.session;

/**
 * What one inbound message adds to a session, after its items were stored: the sequence numbers received, an
 * End, an index to clean, a checksum. This, not the items, is what goes through the aggregator.
 */
public record SessionUpdate(long session, long[] seqs, boolean end, String cleanIndex, String checksumIndex, String checksum) {

    private static final long[] NONE = new long[0];

    public static SessionUpdate received(long session, long[] seqs) {
        return new SessionUpdate(session, seqs, false, null, null, null);
    }

    public static SessionUpdate end(long session) {
        return new SessionUpdate(session, NONE, true, null, null, null);
    }

    public static SessionUpdate clean(long session, long seq, String index) {
        return new SessionUpdate(session, new long[] {seq}, false, index, null, null);
    }

    public static SessionUpdate checksum(long session, String index, String checksum) {
        return new SessionUpdate(session, NONE, false, null, index, checksum);
    }

    /** The correlation key of the aggregator. */
    public String key() {
        return Long.toUnsignedString(session);
    }
}
