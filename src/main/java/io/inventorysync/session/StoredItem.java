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

    public byte[] toBytes() {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] indexBytes = index.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(1 + 1 + 8 + 4 + idBytes.length + 4 + indexBytes.length + 4 + data.length);
        buf.put(FORMAT_VERSION).put(operation).putLong(version);
        buf.putInt(idBytes.length).put(idBytes).putInt(indexBytes.length).put(indexBytes).putInt(data.length).put(data);
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
