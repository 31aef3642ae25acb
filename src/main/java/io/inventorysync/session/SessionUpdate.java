package io.inventorysync.session;

/**
 * What inbound messages add to a session, after their items were stored: sequence numbers received (DataClean
 * indices are noted in the {@link Session} directly), an End, or a checksum. This, not the items, is what goes
 * through the aggregator.
 */
public sealed interface SessionUpdate {

    long session();

    /** The correlation key of the aggregator. */
    default String key() {
        return Long.toUnsignedString(session());
    }

    /** Sequence numbers that were stored (or noted: DataClean), in arrival order. */
    record Received(long session, long[] seqs) implements SessionUpdate {}

    /** The agent's End. */
    record End(long session) implements SessionUpdate {}

    /** A ChecksumModule; {@code index} is null when it was not allowlisted. */
    record Checksum(long session, String index, String checksum) implements SessionUpdate {}

    static SessionUpdate received(long session, long[] seqs) {
        return new Received(session, seqs);
    }

    static SessionUpdate end(long session) {
        return new End(session);
    }

    static SessionUpdate checksum(long session, String index, String checksum) {
        return new Checksum(session, index, checksum);
    }
}
