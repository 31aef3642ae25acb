package io.inventorysync.store;

import java.nio.ByteBuffer;
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

    static final String CF_GROUPS = "groups";
    static final String CF_COMPLETED = "completed";

    private static final Logger LOG = LoggerFactory.getLogger(RocksDBStore.class);
    private static final byte[] PROBE_KEY = "health-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static {
        RocksDB.loadLibrary();
    }

    private Path path;
    private boolean wipeOnStart;
    private boolean wal = true;

    private final ReentrantReadWriteLock openLock = new ReentrantReadWriteLock();
    private final Set<ItemCursor> openCursors = ConcurrentHashMap.newKeySet();
    private volatile RocksDB db;
    private DBOptions dbOptions;
    private ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private ColumnFamilyHandle groups;
    private ColumnFamilyHandle completed;
    private final Map<RocksDBKeyspace, ColumnFamilyHandle> itemSpaces = new EnumMap<>(RocksDBKeyspace.class);
    private WriteOptions plainWrite;
    private WriteOptions syncWrite;

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
        return db != null;
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
        descriptors.add(new ColumnFamilyDescriptor(CF_GROUPS.getBytes(), cfOptions));
        descriptors.add(new ColumnFamilyDescriptor(CF_COMPLETED.getBytes(), cfOptions));
        for (RocksDBKeyspace space : RocksDBKeyspace.values()) {
            descriptors.add(new ColumnFamilyDescriptor(space.columnFamily().getBytes(), cfOptions));
        }
        RocksDB opened;
        try {
            opened = RocksDB.open(dbOptions, path.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            closeOptions();
            throw new RocksDBStoreException("Cannot open RocksDB store at " + path + ": " + e.getMessage(), e);
        }
        groups = handles.get(1);
        completed = handles.get(2);
        RocksDBKeyspace[] spaces = RocksDBKeyspace.values();
        for (int i = 0; i < spaces.length; i++) {
            itemSpaces.put(spaces[i], handles.get(3 + i));
        }
        plainWrite = new WriteOptions().setDisableWAL(!wal);
        // RocksDB refuses a synced write without WAL: without WAL nothing is ever synced
        syncWrite = wal ? new WriteOptions().setSync(true) : new WriteOptions().setDisableWAL(true);
        db = opened;

        LOG.info(
                "RocksDB store {} opened: {} open group(s), {} completed group(s) awaiting confirmation, ~{} item(s),"
                        + " ~{} context item(s) (wipeOnStart={}, wal={})",
                path,
                countKeys(groups),
                countKeys(completed),
                estimateKeys(RocksDBKeyspace.PAYLOAD),
                estimateKeys(RocksDBKeyspace.CONTEXT),
                wipeOnStart,
                wal);
    }

    @Override
    protected void doStop() throws Exception {
        Lock w = openLock.writeLock();
        w.lock();
        try {
            RocksDB current = db;
            db = null;
            if (current == null) {
                return;
            }
            if (!openCursors.isEmpty()) {
                LOG.warn("RocksDB store {}: closing {} item stream(s) left open", path, openCursors.size());
                for (ItemCursor c : new ArrayList<>(openCursors)) {
                    c.aborted = true;
                    c.close();
                }
            }
            try {
                current.flushWal(true);
            } catch (RocksDBException e) {
                LOG.warn("RocksDB store {}: cannot sync the WAL at stop: {}", path, e.getMessage());
            }
            for (ColumnFamilyHandle h : handles) {
                h.close();
            }
            handles.clear();
            itemSpaces.clear();
            groups = null;
            completed = null;
            try {
                current.closeE();
            } catch (RocksDBException e) {
                LOG.warn("RocksDB store {}: error while closing: {}", path, e.getMessage());
            }
            plainWrite.close();
            syncWrite.close();
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

    // ------------------------------------------------------------------ payload API

    /** Stores {@code value} as item {@code seq} of {@code session} in {@code space}; a repeated seq overwrites. */
    public void putItem(RocksDBKeyspace space, long session, long seq, byte[] value) {
        byte[] key = RocksDBPayloadKeys.itemKey(session, seq);
        Lock r = readLock();
        try {
            db.put(itemSpaces.get(space), plainWrite, key, value);
        } catch (RocksDBException e) {
            throw failure("put item", space, key, e);
        } finally {
            r.unlock();
        }
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
        private final WriteBatch batch = new WriteBatch();
        private final DirectItem direct = DIRECT_ITEM.get();
        private int count;

        private ItemBatch(RocksDBKeyspace space) {
            this.space = space;
            this.cf = itemSpaces.get(space);
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
            Lock r = readLock();
            try {
                db.write(plainWrite, batch);
            } catch (RocksDBException e) {
                throw new RocksDBStoreException(
                        "RocksDB store " + path + ": cannot put a batch of " + count + " item(s) in " + space + ": "
                                + e.getMessage(),
                        e);
            } finally {
                r.unlock();
            }
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
        ItemCursor cursor = new ItemCursor(space, session);
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
        Lock r = readLock();
        try (WriteBatch batch = new WriteBatch()) {
            for (RocksDBKeyspace space : RocksDBKeyspace.values()) {
                batch.deleteRange(itemSpaces.get(space), from, to);
            }
            db.write(plainWrite, batch);
        } catch (RocksDBException e) {
            throw new RocksDBStoreException(
                    "RocksDB store " + path + ": cannot delete the items of session " + Long.toUnsignedString(session)
                            + ": " + e.getMessage(),
                    e);
        } finally {
            r.unlock();
        }
    }

    /** RocksDB's estimate of the number of keys in {@code space} (cheap; not exact after deletes). */
    private long estimateKeys(RocksDBKeyspace space) {
        Lock r = readLock();
        try {
            return db.getLongProperty(itemSpaces.get(space), "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return -1;
        } finally {
            r.unlock();
        }
    }

    /**
     * Writes and deletes a probe key in the default column family (where no session data lives): proves the store
     * is open and writable, for the health check. Fails with a {@link RocksDBStoreException} otherwise.
     */
    public void probe() {
        Lock r = readLock();
        try {
            db.put(plainWrite, PROBE_KEY, PROBE_KEY);
            db.delete(plainWrite, PROBE_KEY);
        } catch (RocksDBException e) {
            throw new RocksDBStoreException(
                    "RocksDB store " + path + ": cannot write a probe key: " + e.getMessage(), e);
        } finally {
            r.unlock();
        }
    }

    // ------------------------------------------------------------------ for the repository

    /** Takes the read side of the open/close lock; fails clearly when the store is not open. */
    Lock readLock() {
        Lock r = openLock.readLock();
        r.lock();
        if (db == null) {
            r.unlock();
            throw new RocksDBStoreException("RocksDB store " + path + " is not started");
        }
        return r;
    }

    /** Like {@link #readLock()} but returns {@code null} instead of failing when the store is not open. */
    Lock tryReadLock() {
        Lock r = openLock.readLock();
        r.lock();
        if (db == null) {
            r.unlock();
            return null;
        }
        return r;
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle groups() {
        return groups;
    }

    ColumnFamilyHandle completed() {
        return completed;
    }

    WriteOptions writeOptions(boolean sync) {
        return sync ? syncWrite : plainWrite;
    }

    /** Counts the keys of a column family by iterating it (start-up statistics only). */
    long countKeys(ColumnFamilyHandle cf) {
        long n = 0;
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    private RocksDBStoreException failure(String what, RocksDBKeyspace space, byte[] key, RocksDBException e) {
        return new RocksDBStoreException(
                "RocksDB store " + path + ": cannot " + what + " " + space + " key "
                        + new String(key, java.nio.charset.StandardCharsets.US_ASCII) + ": " + e.getMessage(),
                e);
    }

    @Override
    public String toString() {
        return "RocksDBStore[" + path + "]";
    }

    /** A bounded native iterator over one session's keys, registered so that stop can close it. */
    private final class ItemCursor implements Iterator<RocksDBItem>, AutoCloseable {
        private final RocksDBKeyspace space;
        private final long session;
        private final Slice upper;
        private final ReadOptions readOptions;
        private final RocksIterator it;
        private boolean closed;
        private volatile boolean aborted;

        ItemCursor(RocksDBKeyspace space, long session) {
            this.space = space;
            this.session = session;
            Lock r = readLock();
            try {
                upper = new Slice(RocksDBPayloadKeys.sessionEnd(session));
                readOptions = new ReadOptions().setIterateUpperBound(upper).setFillCache(false);
                it = db.newIterator(itemSpaces.get(space), readOptions);
                it.seek(RocksDBPayloadKeys.sessionStart(session));
                openCursors.add(this);
            } finally {
                r.unlock();
            }
        }

        @Override
        public boolean hasNext() {
            Lock r = openLock.readLock();
            r.lock();
            try {
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
            } finally {
                r.unlock();
            }
        }

        @Override
        public RocksDBItem next() {
            Lock r = openLock.readLock();
            r.lock();
            try {
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
            } finally {
                r.unlock();
            }
        }

        private RocksDBStoreException aborted() {
            return new RocksDBStoreException("RocksDB store " + path + " stopped while the " + space
                    + " items of session " + Long.toUnsignedString(session) + " were being read");
        }

        @Override
        public void close() {
            // the read side keeps the database open while the native iterator is released
            // (doStop calls this while holding the write side, which ReentrantReadWriteLock allows)
            Lock r = openLock.readLock();
            r.lock();
            try {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                }
                openCursors.remove(this);
                it.close();
                readOptions.close();
                upper.close();
            } finally {
                r.unlock();
            }
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
}
