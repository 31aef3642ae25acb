package io.inventorysync.store;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The aggregation groups of one {@link RocksDBAggregationRepository}, persisted in its terms: open groups by
 * correlation key (column family {@code groups}), completed exchanges by exchange id ({@code completed}) until they
 * are confirmed. Values are the repository's encoded exchanges, opaque here. Which writes are fsynced follows the
 * repository's {@link RocksDBSyncMode}. Failures name the repository, the store and the key.
 */
final class RocksDBGroups {

    private final RocksDBStore store;
    private final String repositoryName;
    private final Supplier<RocksDBSyncMode> sync;

    /** @param sync read at every write: the repository's option may change while it runs */
    RocksDBGroups(RocksDBStore store, String repositoryName, Supplier<RocksDBSyncMode> sync) {
        this.store = store;
        this.repositoryName = repositoryName;
        this.sync = sync;
    }

    /** The open group {@code key}, or {@code null}. */
    byte[] get(String key) {
        return store.execute(open -> open.db().get(open.groups(), utf8(key)), () -> failure("getting key " + key));
    }

    /** Stores the open group {@code key}, replacing it; synced only with {@link RocksDBSyncMode#ALWAYS}. */
    void put(String key, byte[] group) {
        store.execute(
                open -> {
                    open.db().put(open.groups(), open.write(sync.get() == RocksDBSyncMode.ALWAYS), utf8(key), group);
                    return null;
                },
                () -> failure("adding key " + key));
    }

    /**
     * Deletes the open group {@code key} and stores {@code exchange} as completed under {@code exchangeId}, in one
     * atomic batch, synced unless {@link RocksDBSyncMode#NEVER}. Written even when the group is already gone, so a
     * completed exchange is never lost.
     */
    void complete(String key, String exchangeId, byte[] exchange) {
        store.execute(
                open -> {
                    try (WriteBatch batch = new WriteBatch()) {
                        batch.delete(open.groups(), utf8(key));
                        batch.put(open.completed(), utf8(exchangeId), exchange);
                        open.db().write(open.write(sync.get() != RocksDBSyncMode.NEVER), batch);
                    }
                    return null;
                },
                () -> failure("removing key " + key + " (exchange " + exchangeId + ")"));
    }

    /** The completed exchange {@code exchangeId}, or {@code null}. */
    byte[] completed(String exchangeId) {
        return store.execute(
                open -> open.db().get(open.completed(), utf8(exchangeId)),
                () -> failure("recovering exchangeId " + exchangeId));
    }

    /** Deletes the completed exchange {@code exchangeId}; succeeds when it is already gone. */
    void confirm(String exchangeId) {
        store.execute(
                open -> {
                    open.db()
                            .delete(
                                    open.completed(),
                                    open.write(sync.get() == RocksDBSyncMode.ALWAYS),
                                    utf8(exchangeId));
                    return null;
                },
                () -> failure("confirming exchangeId " + exchangeId));
    }

    /** Adds the correlation keys of the open groups to {@code into}, in byte order; on failure, those read so far. */
    void openKeys(Set<String> into) {
        store.execute(open -> listKeys(open, open.groups(), into), () -> failure("listing the open groups"));
    }

    /** Adds the exchange ids of the completed, unconfirmed exchanges to {@code into}, like {@link #openKeys}. */
    void completedIds(Set<String> into) {
        store.execute(open -> listKeys(open, open.completed(), into), () -> failure("listing the completed exchanges"));
    }

    private static Void listKeys(RocksDBStore.Open open, ColumnFamilyHandle cf, Set<String> into)
            throws RocksDBException {
        try (RocksIterator it = open.db().newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                into.add(new String(it.key(), StandardCharsets.UTF_8));
            }
            it.status();
        }
        return null;
    }

    private String failure(String what) {
        return "Repository " + repositoryName + " (" + store.getPath() + "): error " + what;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
