package io.inventorysync.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.camel.support.service.ServiceSupport;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RocksDB database and its lifecycle (a Camel {@code Service}: opened in {@code doStart}, closed in
 * {@code doStop}, restartable): its column families, options and health. What is stored is written by
 * {@link RocksDBPayload} (session items) and {@link RocksDBAggregationRepository} (aggregation groups), each
 * operation under the store's one lock, so a stop waits for the operations under way and fails later ones clearly.
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
 * <h2>Threads</h2> All methods are thread-safe. Item streams still open when the store stops are closed by it.
 */
public class RocksDBStore extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDBStore.class);
    private static final String CF_GROUPS = "groups";
    private static final String CF_COMPLETED = "completed";
    // per column family: at most WRITE_BUFFERS memtables of WRITE_BUFFER_BYTES (256 MiB), of which all but one
    // are flushing or waiting to; RocksDB's defaults are 2 of 64 MiB
    private static final long WRITE_BUFFER_BYTES = 64L << 20;
    private static final int WRITE_BUFFERS = 4;
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
        cfOptions = columnFamilyOptions();
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

    /**
     * The options of every column family, tuned for what is stored: items that live seconds to minutes, written once,
     * read once in order and range-deleted. Flushing memtables was what bounded ingest (RocksDB's defaults stopped
     * writes while two 64 MiB memtables waited for a Snappy-compressing flush), so:
     * <ul>
     * <li>no compression: an item is read back soon, mostly from the memtable or the page cache, and the disk it
     * takes is bounded by the item quota ({@code inventory.session.max-pending-items});</li>
     * <li>four write buffers of 64 MiB instead of two: writes go on into a fresh memtable while earlier ones flush.
     * Smaller memtables (16 MiB) were measured too: more level-0 files, and compactions took what the flushes
     * saved.</li>
     * </ul>
     * The caller owns (closes) the options; the benchmark's raw RocksDB baseline uses the same.
     */
    public static ColumnFamilyOptions columnFamilyOptions() {
        return new ColumnFamilyOptions()
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(WRITE_BUFFERS);
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

    /** RocksDB's estimate of the keys of {@code space} (items of open sessions); -1 while closed or unknown. */
    public long estimateKeys(RocksDBKeyspace space) {
        return estimate(open -> estimateKeys(open.db(), open.items(space)));
    }

    /** RocksDB's estimate of the live data in every column family, in bytes; -1 while closed or unknown. */
    public long estimateLiveDataBytes() {
        return estimate(open -> open.db().getAggregatedLongProperty("rocksdb.estimate-live-data-size"));
    }

    /** The memtables of every column family, in bytes; -1 while closed or unknown. */
    public long memtableBytes() {
        return estimate(open -> open.db().getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables"));
    }

    /** An estimate for metrics: never throws, -1 when the store is not open or RocksDB cannot tell. */
    private long estimate(Operation<Long> operation) {
        try {
            return execute(operation, () -> name() + ": no estimate");
        } catch (RocksDBStoreException e) {
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
                () -> name() + ": cannot write a probe key");
    }

    // ------------------------------------------------------------------ for the payload API and the groups

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
                throw new RocksDBStoreException(name() + " is not started");
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

    /** How failures name the store: {@code RocksDB store <path>}. */
    String name() {
        return "RocksDB store " + path;
    }

    @Override
    public String toString() {
        return "RocksDBStore[" + path + "]";
    }
}
