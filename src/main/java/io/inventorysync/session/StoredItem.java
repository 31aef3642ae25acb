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
        int idLength = id == null ? 0 : id.remaining();
        int indexLength = index == null ? 0 : index.remaining();
        int dataLength = data == null ? 0 : data.remaining();
        ByteBuffer buf = ByteBuffer.allocate(1 + 1 + 8 + 4 + idLength + 4 + indexLength + 4 + dataLength);
        buf.put(FORMAT_VERSION).put(operation).putLong(version);
        buf.putInt(idLength);
        if (id != null) {
            buf.put(id);
        }
        buf.putInt(indexLength);
        if (index != null) {
            buf.put(index);
        }
        buf.putInt(dataLength);
        if (data != null) {
            buf.put(data);
        }
        return buf.array();
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
