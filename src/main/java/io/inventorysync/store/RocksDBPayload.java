package io.inventorysync.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload API: a session's items, kept in a {@link RocksDBStore} outside the heap whatever the session's size.
 * An item is stored under {@code <session>_<seq>} ({@link RocksDBPayloadKeys}) in a key space of its own
 * ({@link RocksDBKeyspace}: values apart from contexts), streamed back in {@code seq} order, and a session's items
 * are deleted with one range delete per key space.
 *
 * <p>Item writes are never fsynced, and skip the write-ahead log when the store's is off (see the store's
 * durability).
 *
 * <p>All methods are thread-safe. An item stream belongs to the thread that reads it and must be closed
 * (try-with-resources); streams still open when the store stops are closed by it, and reading one then fails.
 * Overridable, so that a test can put a fault or a race in front of a real store.
 */
public class RocksDBPayload {

    // per session (read, delete), not per item or batch: those are the hot path
    private static final Logger LOG = LoggerFactory.getLogger(RocksDBPayload.class);

    private final RocksDBStore store;

    /** The payload API of {@code store}, which its owner starts and stops. */
    public RocksDBPayload(RocksDBStore store) {
        this.store = store;
    }

    /** Stores {@code value} as item {@code seq} of {@code session} in {@code space}; a repeated seq overwrites. */
    public void putItem(RocksDBKeyspace space, long session, long seq, byte[] value) {
        byte[] key = RocksDBPayloadKeys.itemKey(session, seq);
        store.execute(
                open -> {
                    open.db().put(open.items(space), open.plainWrite(), key, value);
                    return null;
                },
                () -> store.name() + ": cannot put item " + space + " key "
                        + new String(key, StandardCharsets.US_ASCII));
    }

    /** A write batch of items in {@code space} whose values are written in place (see {@link ItemBatch}). */
    public ItemBatch itemBatch(RocksDBKeyspace space) {
        return new ItemBatch(space);
    }

    /**
     * Items of any sessions stored with one atomic write: each value is written straight into a direct buffer that
     * RocksDB reads by address, so an item costs no {@code byte[]} of its own. Used by one thread, then closed.
     */
    public final class ItemBatch implements AutoCloseable {
        private final RocksDBKeyspace space;
        private final ColumnFamilyHandle cf;
        private final WriteBatch batch;
        private final DirectItem direct = DIRECT_ITEM.get();
        private int count;

        private ItemBatch(RocksDBKeyspace space) {
            this.space = space;
            this.cf = store.execute(open -> open.items(space), () -> store.name() + ": cannot batch " + space);
            this.batch = new WriteBatch();
        }

        /** The buffer to write the next item's value into: cleared, with at least {@code length} bytes. */
        public ByteBuffer value(int length) {
            return direct.value(length);
        }

        /** Adds item {@code seq} of {@code session} with the value written into {@link #value} since. */
        public void put(long session, long seq) {
            ByteBuffer value = direct.value;
            value.flip();
            try {
                // a batch is native memory of its own: adding to it needs no open database
                batch.put(cf, direct.key(session, seq), value);
            } catch (RocksDBException e) {
                throw new RocksDBStoreException(
                        store.name() + ": cannot add an item to a batch in " + space + ": " + e.getMessage(), e);
            }
            count++;
        }

        /** Stores every item added, atomically. */
        public void write() {
            if (count == 0) {
                return;
            }
            store.execute(
                    open -> {
                        open.db().write(open.plainWrite(), batch);
                        return null;
                    },
                    () -> store.name() + ": cannot put a batch of " + count + " item(s) in " + space);
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    /**
     * The items of {@code session} in {@code space}, lazily, in ascending {@code seq} order. Only the current
     * item is in the heap. The stream holds a native iterator: close it (try-with-resources). It reads a
     * consistent snapshot taken when the stream was created.
     */
    public Stream<RocksDBItem> readItems(RocksDBKeyspace space, long session) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Reading the {} items of session {} from {}", space, Long.toUnsignedString(session), store);
        }
        ItemCursor cursor = store.execute(
                open -> store.register(new ItemCursor(open, space, session)),
                () -> store.name() + ": cannot read the " + space + " items of session "
                        + Long.toUnsignedString(session));
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(
                                cursor, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
                        false)
                .onClose(cursor::close);
    }

    /** Deletes every item of {@code session} in every key space with one range delete per space, in one batch. */
    public void deleteItems(long session) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Deleting the items of session {} from {}", Long.toUnsignedString(session), store);
        }
        byte[] from = RocksDBPayloadKeys.sessionStart(session);
        byte[] to = RocksDBPayloadKeys.sessionEnd(session);
        store.execute(
                open -> {
                    try (WriteBatch batch = new WriteBatch()) {
                        for (RocksDBKeyspace space : RocksDBKeyspace.values()) {
                            batch.deleteRange(open.items(space), from, to);
                        }
                        open.db().write(open.plainWrite(), batch);
                    }
                    return null;
                },
                () -> store.name() + ": cannot delete the items of session " + Long.toUnsignedString(session));
    }

    /**
     * A bounded native iterator over one session's keys. Its own monitor, not the store's lock, guards the iterator:
     * the stop aborts every open cursor under it before the database closes, so no read runs on a closed iterator.
     */
    private final class ItemCursor implements Iterator<RocksDBItem>, RocksDBStore.Cursor {
        private final RocksDBKeyspace space;
        private final long session;
        private final Slice upper;
        private final ReadOptions readOptions;
        private final RocksIterator it;
        private boolean closed;
        private boolean aborted;

        ItemCursor(RocksDBStore.Open open, RocksDBKeyspace space, long session) {
            this.space = space;
            this.session = session;
            upper = new Slice(RocksDBPayloadKeys.sessionEnd(session));
            readOptions = new ReadOptions().setIterateUpperBound(upper).setFillCache(false);
            it = open.db().newIterator(open.items(space), readOptions);
            it.seek(RocksDBPayloadKeys.sessionStart(session));
        }

        @Override
        public synchronized boolean hasNext() {
            if (closed) {
                if (aborted) {
                    throw aborted();
                }
                return false;
            }
            if (it.isValid()) {
                return true;
            }
            try {
                it.status();
            } catch (RocksDBException e) {
                throw new RocksDBStoreException(
                        store.name() + ": reading the " + space + " items of session " + Long.toUnsignedString(session)
                                + " failed: " + e.getMessage(),
                        e);
            }
            return false;
        }

        @Override
        public synchronized RocksDBItem next() {
            if (aborted) {
                throw aborted();
            }
            if (closed || !it.isValid()) {
                throw new NoSuchElementException();
            }
            byte[] key = it.key();
            RocksDBItem item = new RocksDBItem(
                    session, RocksDBPayloadKeys.readUnsigned(key, RocksDBPayloadKeys.DIGITS + 1), it.value());
            it.next();
            return item;
        }

        private RocksDBStoreException aborted() {
            return new RocksDBStoreException(store.name() + " stopped while the " + space + " items of session "
                    + Long.toUnsignedString(session) + " were being read");
        }

        @Override
        public synchronized void abort() {
            aborted = true;
            close();
        }

        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            store.unregister(this);
            it.close();
            readOptions.close();
            upper.close();
        }
    }

    // per writing thread: an item's key and value go into direct buffers that RocksDB reads by address; from a byte[]
    // its JNI layer would malloc, copy and free each key and each value
    private static final ThreadLocal<DirectItem> DIRECT_ITEM = ThreadLocal.withInitial(DirectItem::new);

    /** One thread's direct buffers for the key and value of the item being added to a write batch. */
    private static final class DirectItem {
        private final byte[] keyBytes = new byte[RocksDBPayloadKeys.KEY_LENGTH];
        private final ByteBuffer key = ByteBuffer.allocateDirect(RocksDBPayloadKeys.KEY_LENGTH);
        private ByteBuffer value = ByteBuffer.allocateDirect(4096);

        ByteBuffer key(long session, long seq) {
            key.clear();
            key.put(RocksDBPayloadKeys.itemKey(keyBytes, session, seq)).flip();
            return key;
        }

        ByteBuffer value(int length) {
            if (value.capacity() < length) {
                // grows to the largest item seen, bounded by the largest frame (inventory.router.max-frame-bytes)
                value = ByteBuffer.allocateDirect(Integer.highestOneBit(length) << 1);
            }
            value.clear();
            return value;
        }
    }

    @Override
    public String toString() {
        return "RocksDBPayload[" + store.getPath() + "]";
    }
}
