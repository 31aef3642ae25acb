package io.inventorysync.store;

/**
 * One stored item: its session, its sequence number and its value bytes.
 *
 * @param session the session id (an unsigned 64-bit value)
 * @param seq     the sequence number within the session (unsigned)
 * @param value   the stored bytes, as given (not copied)
 */
public record RocksDBItem(long session, long seq, byte[] value) {

    @Override
    public String toString() {
        return RocksDBPayloadKeys.format(session, seq) + " (" + (value == null ? "null" : value.length + " bytes")
                + ")";
    }
}
