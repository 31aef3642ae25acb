package io.inventorysync.session;

/**
 * What inbound messages add to a session, after their items were stored: the sequence numbers received (DataClean
 * indices are noted in the {@link Session} directly), an End, a checksum. This, not the items, is what goes through
 * the aggregator.
 */
public record SessionUpdate(long session, long[] seqs, boolean end, String checksumIndex, String checksum) {

    private static final long[] NONE = new long[0];

    public static SessionUpdate received(long session, long[] seqs) {
        return new SessionUpdate(session, seqs, false, null, null);
    }

    public static SessionUpdate end(long session) {
        return new SessionUpdate(session, NONE, true, null, null);
    }

    public static SessionUpdate checksum(long session, String index, String checksum) {
        return new SessionUpdate(session, NONE, false, index, checksum);
    }

    /** The correlation key of the aggregator. */
    public String key() {
        return Long.toUnsignedString(session);
    }
}
