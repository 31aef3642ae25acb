package io.inventorysync.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A DataValue or DataContext as kept in RocksDB under {@code <session>_<seq>}: explicit binary encoding
 * (format version, operation, version, id, index, data), so the indexer reads it back without the FlatBuffer it
 * came in.
 *
 * @param operation the raw {@code Operation} value (checked only when indexing, where an unknown one fails the session)
 */
public record StoredItem(byte operation, long version, String id, String index, byte[] data) {

    private static final byte FORMAT_VERSION = 1;

    /**
     * The stored form straight from the FlatBuffer's fields (null: absent), with one copy of each: the verifier has
     * already checked the strings are UTF-8, so their bytes are kept as they are, without decoding to Java strings.
     */
    public static byte[] encode(byte operation, long version, ByteBuffer id, ByteBuffer index, ByteBuffer data) {
        ByteBuffer buf = ByteBuffer.allocate(encodedLength(id, index, data));
        encode(buf, operation, version, id, index, data);
        return buf.array();
    }

    /** Bytes of the stored form of these fields. */
    public static int encodedLength(ByteBuffer id, ByteBuffer index, ByteBuffer data) {
        return 1 + 1 + 8 + 4 + remaining(id) + 4 + remaining(index) + 4 + remaining(data);
    }

    /** Writes the stored form at {@code target}'s position ({@link #encodedLength} bytes), consuming the fields. */
    public static void encode(
            ByteBuffer target, byte operation, long version, ByteBuffer id, ByteBuffer index, ByteBuffer data) {
        target.put(FORMAT_VERSION).put(operation).putLong(version);
        putField(target, id);
        putField(target, index);
        putField(target, data);
    }

    private static void putField(ByteBuffer target, ByteBuffer field) {
        target.putInt(remaining(field));
        if (field != null) {
            target.put(field);
        }
    }

    private static int remaining(ByteBuffer field) {
        return field == null ? 0 : field.remaining();
    }

    public static StoredItem fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        if (format != FORMAT_VERSION) {
            throw new IllegalArgumentException("stored item format version " + format + " is not supported");
        }
        byte operation = buf.get();
        long version = buf.getLong();
        String id = string(buf);
        String index = string(buf);
        byte[] data = new byte[buf.getInt()];
        buf.get(data);
        return new StoredItem(operation, version, id, index, data);
    }

    private static String string(ByteBuffer buf) {
        byte[] b = new byte[buf.getInt()];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
