package io.inventorysync.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RocksDB database and its lifecycle (a Camel {@code Service}: opened in {@code doStart}, closed in
 * {@code doStop}, restartable), plus the payload API that stores session items outside the heap.
 *
 * <h2>Column families</h2>
 * <ul>
 * <li>{@code groups} — open aggregation groups, by correlation key ({@link RocksDBAggregationRepository});</li>
 * <li>{@code completed} — completed groups awaiting confirmation, by exchange id;</li>
 * <li>{@code payload} and {@code context} — items, see {@link RocksDBKeyspace}, keyed by
 * {@link RocksDBPayloadKeys} so that a session's items sort by {@code seq}.</li>
 * </ul>
 *
 * <h2>Start-up</h2> With {@link #setWipeOnStart(boolean) wipeOnStart} the database is destroyed before it is
 * opened (a service whose clients resend unfinished work wants this); otherwise everything is kept and the
 * aggregation repository recovers it. Either way the counts of open and completed groups are logged at INFO.
 *
 * <h2>Durability</h2> Every write goes through the write-ahead log unless {@link #setWal(boolean) wal} is
 * off. Item writes are never fsynced one by one: a process crash loses nothing that was written, a power loss
 * may lose the last writes. When fsyncs happen for aggregation groups is chosen on the repository
 * ({@link RocksDBSyncMode}). Turning the WAL off roughly halves the cost of a write on small machines and is
 * right when the store is wiped at start anyway (Inventory Sync): whatever sits in memtables is then lost with
 * the process, which a wiped store would discard regardless.
 *
 * <h2>Threads</h2> All methods are thread-safe. An item stream belongs to the thread that reads it and must
 * be closed (try-with-resources); streams still open when the store stops are closed by it.
 */
public class RocksDBStore extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDBStore.class);
    private static final String CF_GROUPS = "groups";
    private static final String CF_COMPLETED = "completed";
    private static final byte[] PROBE_KEY = "health-probe".getBytes(StandardCharsets.US_ASCII);

    static {
        RocksDB.loadLibrary();
    }

    private Path path;
    private boolean wipeOnStart;
    private boolean wal = true;

    private final ReentrantReadWriteLock openLock = new ReentrantReadWriteLock();
    private final Set<Cursor> cursors = ConcurrentHashMap.newKeySet();
    private volatile Open open;
    private DBOptions dbOptions;
    private ColumnFamilyOptions cfOptions;

    /** A store whose path is set later with {@link #setPath(String)}. */
    public RocksDBStore() {}

    /** A store in directory {@code path} (created if missing). */
    public RocksDBStore(String path) {
        setPath(path);
    }

    /** A store in directory {@code path} (created if missing). */
    public RocksDBStore(Path path) {
        this.path = path;
    }

    // ------------------------------------------------------------------ options

    /** The RocksDB directory. */
    public String getPath() {
        return path == null ? null : path.toString();
    }

    /** The RocksDB directory; created if missing. Required. Cannot change while started. */
    public void setPath(String path) {
        this.path = path == null ? null : Paths.get(path);
    }

    public boolean isWipeOnStart() {
        return wipeOnStart;
    }

    /**
     * Whether to destroy the database before opening it on every start (default {@code false}: keep and
     * recover). The Inventory Sync service sets it to {@code true}: its agents resend unfinished sessions.
     */
    public void setWipeOnStart(boolean wipeOnStart) {
        this.wipeOnStart = wipeOnStart;
    }

    public boolean isWal() {
        return wal;
    }

    /**
     * Whether writes (items and aggregation groups) go through the write-ahead log (default {@code true}).
     * Off is faster and fine when the store is wiped at start: data not yet flushed to SST files is then lost
     * with the process, and no write is ever fsynced (the repository's sync mode is ignored).
     */
    public void setWal(boolean wal) {
        this.wal = wal;
    }

    /** Whether the database is open. */
    public boolean isOpen() {
        return open != null;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected void doStart() throws Exception {
        if (path == null) {
            throw new IllegalArgumentException("RocksDBStore: the path option is required");
        }
        if (wipeOnStart && Files.exists(path)) {
            try (Options options = new Options()) {
                RocksDB.destroyDB(path.toString(), options);
            }
            LOG.info("RocksDB store {}: wiped at start (wipeOnStart=true)", path);
        }
        Files.createDirectories(path);

        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        descriptors.add(new ColumnFamilyDescriptor(CF_GROUPS.getBytes(StandardCharsets.US_ASCII), cfOptions));
        descriptors.add(new ColumnFamilyDescriptor(CF_COMPLETED.getBytes(StandardCharsets.US_ASCII), cfOptions));
        for (RocksDBKeyspace space : RocksDBKeyspace.values()) {
            descriptors.add(
                    new ColumnFamilyDescriptor(space.columnFamily().getBytes(StandardCharsets.US_ASCII), cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, path.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            closeOptions();
            throw new RocksDBStoreException("Cannot open RocksDB store at " + path + ": " + e.getMessage(), e);
        }
        Map<RocksDBKeyspace, ColumnFamilyHandle> items = new EnumMap<>(RocksDBKeyspace.class);
        RocksDBKeyspace[] spaces = RocksDBKeyspace.values();
        for (int i = 0; i < spaces.length; i++) {
            items.put(spaces[i], handles.get(3 + i));
        }
        WriteOptions plainWrite = new WriteOptions().setDisableWAL(!wal);
        // RocksDB refuses a synced write without WAL: without WAL nothing is ever synced
        WriteOptions syncWrite = wal ? new WriteOptions().setSync(true) : new WriteOptions().setDisableWAL(true);
        Open opened = new Open(db, handles, handles.get(1), handles.get(2), items, plainWrite, syncWrite);

        LOG.info(
                "RocksDB store {} opened: {} open group(s), {} completed group(s) awaiting confirmation, ~{} item(s),"
                        + " ~{} context item(s) (wipeOnStart={}, wal={})",
                path,
                countKeys(db, opened.groups()),
                countKeys(db, opened.completed()),
                estimateKeys(db, opened.items(RocksDBKeyspace.PAYLOAD)),
                estimateKeys(db, opened.items(RocksDBKeyspace.CONTEXT)),
                wipeOnStart,
                wal);
        open = opened;
    }

    @Override
    protected void doStop() throws Exception {
        Lock w = openLock.writeLock();
        w.lock();
        try {
            Open current = open;
            open = null;
            if (current == null) {
                return;
            }
            if (!cursors.isEmpty()) {
                LOG.warn("RocksDB store {}: closing {} item stream(s) left open", path, cursors.size());
                for (Cursor c : new ArrayList<>(cursors)) {
                    c.abort();
                }
            }
            RocksDB db = current.db();
            try {
                db.flushWal(true);
            } catch (RocksDBException e) {
                LOG.warn("RocksDB store {}: cannot sync the WAL at stop: {}", path, e.getMessage());
            }
            for (ColumnFamilyHandle h : current.handles()) {
                h.close();
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                LOG.warn("RocksDB store {}: error while closing: {}", path, e.getMessage());
            }
            current.plainWrite().close();
            current.syncWrite().close();
            closeOptions();
            LOG.info("RocksDB store {} closed", path);
        } finally {
            w.unlock();
        }
    }

    private void closeOptions() {
        if (cfOptions != null) {
            cfOptions.close();
            cfOptions = null;
        }
        if (dbOptions != null) {
            dbOptions.close();
            dbOptions = null;
        }
    }

    /** Counts the keys of a column family by iterating it (start-up statistics only). */
    private static long countKeys(RocksDB db, ColumnFamilyHandle cf) {
        long n = 0;
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    /** RocksDB's estimate of the number of keys in a column family (cheap; not exact after deletes). */
    private static long estimateKeys(RocksDB db, ColumnFamilyHandle cf) {
        try {
            return db.getLongProperty(cf, "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return -1;
        }
    }

    /**
     * Writes and deletes a probe key in the default column family (where no session data lives): proves the store
     * is open and writable, for the health check. Fails with a {@link RocksDBStoreException} otherwise.
     */
    public void probe() {
        execute(
                open -> {
                    open.db().put(open.plainWrite(), PROBE_KEY, PROBE_KEY);
                    open.db().delete(open.plainWrite(), PROBE_KEY);
                    return null;
                },
                () -> "RocksDB store " + path + ": cannot write a probe key");
    }

    // ------------------------------------------------------------------ payload API

    /** Stores {@code value} as item {@code seq} of {@code session} in {@code space}; a repeated seq overwrites. */
    public void putItem(RocksDBKeyspace space, long session, long seq, byte[] value) {
        byte[] key = RocksDBPayloadKeys.itemKey(session, seq);
        execute(
                open -> {
                    open.db().put(open.items(space), open.plainWrite(), key, value);
                    return null;
                },
                () -> "RocksDB store " + path + ": cannot put item " + space + " key "
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
            this.cf = execute(open -> open.items(space), () -> "RocksDB store " + path + ": cannot batch " + space);
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
                        "RocksDB store " + path + ": cannot add an item to a batch in " + space + ": " + e.getMessage(),
                        e);
            }
            count++;
        }

        /** Stores every item added, atomically. */
        public void write() {
            if (count == 0) {
                return;
            }
            execute(
                    open -> {
                        open.db().write(open.plainWrite(), batch);
                        return null;
                    },
                    () -> "RocksDB store " + path + ": cannot put a batch of " + count + " item(s) in " + space);
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
        ItemCursor cursor = execute(
                open -> register(new ItemCursor(open, space, session)),
                () -> "RocksDB store " + path + ": cannot read the " + space + " items of session "
                        + Long.toUnsignedString(session));
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(
                                cursor, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT),
                        false)
                .onClose(cursor::close);
    }

    /** Deletes every item of {@code session} in every key space with one range delete per space, in one batch. */
    public void deleteItems(long session) {
        byte[] from = RocksDBPayloadKeys.sessionStart(session);
        byte[] to = RocksDBPayloadKeys.sessionEnd(session);
        execute(
                open -> {
                    try (WriteBatch batch = new WriteBatch()) {
                        for (RocksDBKeyspace space : RocksDBKeyspace.values()) {
                            batch.deleteRange(open.items(space), from, to);
                        }
                        open.db().write(open.plainWrite(), batch);
                    }
                    return null;
                },
                () -> "RocksDB store " + path + ": cannot delete the items of session "
                        + Long.toUnsignedString(session));
    }

    /**
     * A bounded native iterator over one session's keys. Its own monitor, not the store's lock, guards the iterator:
     * the stop aborts every open cursor under it before the database closes, so no read runs on a closed iterator.
     */
    private final class ItemCursor implements Iterator<RocksDBItem>, Cursor {
        private final RocksDBKeyspace space;
        private final long session;
        private final Slice upper;
        private final ReadOptions readOptions;
        private final RocksIterator it;
        private boolean closed;
        private boolean aborted;

        ItemCursor(Open open, RocksDBKeyspace space, long session) {
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
                        "RocksDB store " + path + ": reading the " + space + " items of session "
                                + Long.toUnsignedString(session) + " failed: " + e.getMessage(),
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
            return new RocksDBStoreException("RocksDB store " + path + " stopped while the " + space
                    + " items of session " + Long.toUnsignedString(session) + " were being read");
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
            unregister(this);
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

    // ------------------------------------------------------------------ for the payload API and the repository

    /** What an operation sees of the open database: valid only while the operation runs. */
    record Open(
            RocksDB db,
            List<ColumnFamilyHandle> handles,
            ColumnFamilyHandle groups,
            ColumnFamilyHandle completed,
            Map<RocksDBKeyspace, ColumnFamilyHandle> itemSpaces,
            WriteOptions plainWrite,
            WriteOptions syncWrite) {

        ColumnFamilyHandle items(RocksDBKeyspace space) {
            return itemSpaces.get(space);
        }

        /** Synced writes go to disk before they return (when the WAL is on). */
        WriteOptions write(boolean sync) {
            return sync ? syncWrite : plainWrite;
        }
    }

    /** Work on the open database. */
    @FunctionalInterface
    interface Operation<T> {
        T run(Open open) throws RocksDBException;
    }

    /**
     * A native iterator kept open between operations (an item stream). Registered from inside an operation, so that
     * a stop that has begun never misses one.
     */
    interface Cursor {
        /** Releases the iterator for good; later reads fail and name the stop. Called while the store stops. */
        void abort();
    }

    /**
     * Runs {@code operation} on the open database under the read side of the open/close lock: a stop waits for it,
     * so no handle is used once closed. Every operation of the package goes through here.
     *
     * @param failure the message of the {@link RocksDBStoreException} that a RocksDB failure becomes (its own
     *                message is appended): names the store or repository, and the key
     * @throws RocksDBStoreException when the store is not open, or on a RocksDB failure
     */
    <T> T execute(Operation<T> operation, Supplier<String> failure) {
        Lock r = openLock.readLock();
        r.lock();
        try {
            Open current = open;
            if (current == null) {
                throw new RocksDBStoreException("RocksDB store " + path + " is not started");
            }
            return operation.run(current);
        } catch (RocksDBException e) {
            throw new RocksDBStoreException(failure.get() + ": " + e.getMessage(), e);
        } finally {
            r.unlock();
        }
    }

    /** Registers {@code cursor} for the stop to abort; call from inside an operation. Returns it. */
    <C extends Cursor> C register(C cursor) {
        cursors.add(cursor);
        return cursor;
    }

    void unregister(Cursor cursor) {
        cursors.remove(cursor);
    }

    @Override
    public String toString() {
        return "RocksDBStore[" + path + "]";
    }
}
