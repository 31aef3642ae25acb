package io.inventorysync.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Camel {@link RecoverableAggregationRepository} backed by RocksDB ({@link RocksDBStore}).
 *
 * <h2>What it stores</h2> Open groups live in the column family {@code groups} under their correlation key;
 * on completion ({@code remove}) a group moves, in one atomic write batch, to {@code completed} under its
 * exchange id, where it stays until {@code confirm}. Exchanges are written with {@link RocksDBExchangeCodec}:
 * exchange id, {@code byte[]} body, chosen String/Long headers and the aggregation properties — never Java
 * serialization. The aggregator rewrites a group on every message and reloads every open group at start, so
 * the aggregated exchange must be a small summary; bulky items belong in the payload API
 * ({@link RocksDBPayload#putItem(RocksDBKeyspace, long, long, byte[])}), which costs the same whatever the session's
 * size.
 *
 * <h2>Durability</h2>
 * <ul>
 * <li>Every write goes through RocksDB's write-ahead log (unless the store's {@link RocksDBStore#setWal(boolean)
 * wal} is off): nothing acknowledged is lost when the process dies.</li>
 * <li>{@link #setSync(RocksDBSyncMode) sync} decides what survives a power loss. The default,
 * {@link RocksDBSyncMode#ON_COMPLETION}, fsyncs the move of a completed group to {@code completed} (one fsync
 * per group, not per message) so completed groups are recovered after any crash; per-message updates and
 * confirmations are not synced (a lost confirmation means one more, at-least-once, redelivery).
 * {@link RocksDBSyncMode#NEVER} (or the store's WAL off) is right when the store is wiped at start anyway; {@link RocksDBSyncMode#ALWAYS}
 * syncs every message.</li>
 * <li>At start the store is either wiped ({@link #setWipeOnStart(boolean) wipeOnStart}, what Inventory Sync
 * does: its agents resend unfinished sessions) or kept (the default): open groups come back with their
 * {@code CamelAggregatedTimeout}, so the aggregator re-arms their completion timeouts, and completed groups
 * that were never confirmed are redelivered by the recovery task, then sent to the {@link #setDeadLetterUri
 * dead letter} endpoint after {@link #setMaximumRedeliveries maximumRedeliveries} attempts.</li>
 * </ul>
 *
 * <h2>Use</h2>
 *
 * <pre>
 * RocksDBStore store = new RocksDBStore("data/aggregation");   // or new RocksDBAggregationRepository(path)
 * RocksDBAggregationRepository repo = new RocksDBAggregationRepository("sessions", store);
 * repo.setHeadersToKeep("agent,module");
 * from("direct:in").aggregate(header("session"), strategy).aggregationRepository(repo)...
 * </pre>
 *
 * <p>One repository per store. A repository created with a path owns its store and opens and closes it with
 * itself; a store passed in is started if needed but left open at stop (its owner stops it). Optimistic
 * locking is not offered: use the aggregator's default lock. All methods are thread-safe; {@code getKeys}
 * and {@code scan} never return {@code null} and never throw.
 */
public class RocksDBAggregationRepository extends ServiceSupport implements RecoverableAggregationRepository {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDBAggregationRepository.class);

    private String repositoryName = "rocksdb";
    private String path;
    private RocksDBStore store;
    private boolean ownsStore;
    private boolean wipeOnStart;
    private RocksDBSyncMode sync = RocksDBSyncMode.ON_COMPLETION;
    private boolean returnOldExchange;
    private boolean useRecovery = true;
    private long recoveryInterval = 5000;
    private int maximumRedeliveries;
    private String deadLetterUri;
    private Set<String> headersToKeep = Collections.emptySet();
    private volatile RocksDBExchangeCodec codec;
    private volatile RocksDBGroups groups;

    /** A repository configured later with setters ({@link #setPath} or {@link #setStore} is required). */
    public RocksDBAggregationRepository() {}

    /** A repository that owns a store in directory {@code path}. */
    public RocksDBAggregationRepository(String repositoryName, String path) {
        this.repositoryName = repositoryName;
        this.path = path;
    }

    /** A repository in a store owned by someone else (started here if needed, never stopped here). */
    public RocksDBAggregationRepository(String repositoryName, RocksDBStore store) {
        this.repositoryName = repositoryName;
        this.store = store;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected void doStart() throws Exception {
        if (store == null || ownsStore) {
            if (path == null) {
                throw new IllegalArgumentException(
                        "RocksDBAggregationRepository " + repositoryName + ": the path or store option is required");
            }
            if (store == null) {
                store = new RocksDBStore(path);
                ownsStore = true;
            }
            store.setWipeOnStart(wipeOnStart);
        }
        codec = new RocksDBExchangeCodec(headersToKeep);
        ServiceHelper.startService(store);
        groups = new RocksDBGroups(store, repositoryName, this::getSync);
        if (!store.isWal() && sync != RocksDBSyncMode.NEVER) {
            LOG.warn(
                    "RocksDB aggregation repository {}: sync={} is ignored, the store {} has its WAL off",
                    repositoryName,
                    sync,
                    store.getPath());
        }
        LOG.info(
                "RocksDB aggregation repository {} started on {} (sync={}, useRecovery={}, recoveryInterval={} ms,"
                        + " maximumRedeliveries={}, deadLetterUri={}, headersToKeep={})",
                repositoryName,
                store.getPath(),
                sync,
                useRecovery,
                recoveryInterval,
                maximumRedeliveries,
                deadLetterUri,
                headersToKeep);
    }

    @Override
    protected void doStop() throws Exception {
        if (ownsStore) {
            ServiceHelper.stopService(store);
        }
    }

    // ------------------------------------------------------------------ AggregationRepository

    @Override
    public Exchange add(CamelContext camelContext, String key, Exchange exchange) {
        LOG.debug("Adding key [{}] -> {} in repository {}", key, exchange, repositoryName);
        byte[] value = encode(exchange, "add key " + key);
        RocksDBGroups g = groups();
        byte[] old = returnOldExchange ? g.get(key) : null;
        g.put(key, value);
        return old == null ? null : decode(camelContext, old, "key " + key);
    }

    @Override
    public Exchange get(CamelContext camelContext, String key) {
        byte[] value = groups().get(key);
        Exchange answer = value == null ? null : decode(camelContext, value, "key " + key);
        LOG.debug("Getting key [{}] -> {} from repository {}", key, answer, repositoryName);
        return answer;
    }

    /**
     * Completes the group {@code key}: deletes it from {@code groups} and stores {@code exchange} in
     * {@code completed} under its exchange id, atomically (synced unless {@link RocksDBSyncMode#NEVER}). The
     * completed entry is written even if the group is already gone, so a completed exchange is never lost.
     */
    @Override
    public void remove(CamelContext camelContext, String key, Exchange exchange) {
        LOG.debug("Removing key [{}] (exchange {}) from repository {}", key, exchange.getExchangeId(), repositoryName);
        byte[] value = encode(exchange, "remove key " + key);
        groups().complete(key, exchange.getExchangeId(), value);
    }

    /** Deletes the completed exchange {@code exchangeId}; succeeds when it is already gone. */
    @Override
    public void confirm(CamelContext camelContext, String exchangeId) {
        LOG.debug("Confirming exchangeId [{}] in repository {}", exchangeId, repositoryName);
        groups().confirm(exchangeId);
    }

    /** Like {@link #confirm} but reports failure as {@code false} instead of throwing; an absent id is confirmed. */
    @Override
    public boolean confirmWithResult(CamelContext camelContext, String exchangeId) {
        try {
            confirm(camelContext, exchangeId);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Repository {}: cannot confirm exchangeId {}: {}", repositoryName, exchangeId, e.getMessage());
            return false;
        }
    }

    /** The correlation keys of the open groups; empty (never {@code null}) when stopped or on error. */
    @Override
    public Set<String> getKeys() {
        return keysOf(true);
    }

    // ------------------------------------------------------------------ RecoverableAggregationRepository

    /** The exchange ids of completed, unconfirmed groups; empty (never {@code null}) when stopped or on error. */
    @Override
    public Set<String> scan(CamelContext camelContext) {
        Set<String> answer = keysOf(false);
        if (answer.isEmpty()) {
            LOG.trace("Scanned repository {} and found no exchange to recover", repositoryName);
        } else {
            LOG.debug(
                    "Scanned repository {} and found {} exchange(s) to recover (some may be in progress)",
                    repositoryName,
                    answer.size());
        }
        return answer;
    }

    @Override
    public Exchange recover(CamelContext camelContext, String exchangeId) {
        byte[] value = groups().completed(exchangeId);
        Exchange answer = value == null ? null : decode(camelContext, value, "completed exchangeId " + exchangeId);
        LOG.debug("Recovering exchangeId [{}] -> {} from repository {}", exchangeId, answer, repositoryName);
        return answer;
    }

    private Set<String> keysOf(boolean openGroups) {
        Set<String> keys = new LinkedHashSet<>();
        RocksDBGroups g = groups;
        if (!isRunAllowed() || g == null || !store.isOpen()) {
            return Collections.unmodifiableSet(keys);
        }
        try {
            if (openGroups) {
                g.openKeys(keys);
            } else {
                g.completedIds(keys);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Repository {}: listing {} stopped after {} key(s): {}",
                    repositoryName,
                    openGroups ? "open groups" : "completed exchanges",
                    keys.size(),
                    e.getMessage());
        }
        return Collections.unmodifiableSet(keys);
    }

    // ------------------------------------------------------------------ helpers

    private byte[] encode(Exchange exchange, String what) {
        try {
            return currentCodec().encode(exchange);
        } catch (IllegalArgumentException e) {
            throw new RocksDBStoreException(
                    "Repository " + repositoryName + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private Exchange decode(CamelContext camelContext, byte[] value, String what) {
        try {
            return currentCodec().decode(camelContext, value);
        } catch (IllegalArgumentException e) {
            throw new RocksDBStoreException(
                    "Repository " + repositoryName + ": cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private RocksDBExchangeCodec currentCodec() {
        RocksDBExchangeCodec c = codec;
        if (c == null) {
            throw notStarted();
        }
        return c;
    }

    private RocksDBGroups groups() {
        RocksDBGroups g = groups;
        if (g == null) {
            throw notStarted();
        }
        return g;
    }

    private RocksDBStoreException notStarted() {
        return new RocksDBStoreException("Repository " + repositoryName + " is not started");
    }

    // ------------------------------------------------------------------ options

    public String getRepositoryName() {
        return repositoryName;
    }

    /** Name used in logs and error messages (default {@code rocksdb}). */
    public void setRepositoryName(String repositoryName) {
        this.repositoryName = repositoryName;
    }

    public String getPath() {
        return store != null ? store.getPath() : path;
    }

    /** Directory of a store owned by this repository; ignored when a {@link #setStore store} is given. */
    public void setPath(String path) {
        this.path = path;
    }

    public RocksDBStore getStore() {
        return store;
    }

    /** A store shared with other users (e.g. the payload API); started here if needed, never stopped here. */
    public void setStore(RocksDBStore store) {
        this.store = store;
        this.ownsStore = false;
    }

    public boolean isWipeOnStart() {
        return wipeOnStart;
    }

    /**
     * Whether an owned store is destroyed on every start (default {@code false}: keep and recover). For a
     * shared store set it on the {@link RocksDBStore} instead.
     */
    public void setWipeOnStart(boolean wipeOnStart) {
        this.wipeOnStart = wipeOnStart;
    }

    public RocksDBSyncMode getSync() {
        return sync;
    }

    /** When to fsync the write-ahead log (default {@link RocksDBSyncMode#ON_COMPLETION}); see the class comment. */
    public void setSync(RocksDBSyncMode sync) {
        this.sync = sync;
    }

    public boolean isReturnOldExchange() {
        return returnOldExchange;
    }

    /** Whether {@code add} reads and returns the previous exchange (default {@code false}: Camel ignores it). */
    public void setReturnOldExchange(boolean returnOldExchange) {
        this.returnOldExchange = returnOldExchange;
    }

    /** The header names stored with each exchange, comma-separated. */
    public String getHeadersToKeep() {
        return String.join(",", headersToKeep);
    }

    /**
     * Comma-separated names of the headers to store (default none). Values must be strings or integral numbers
     * and are read back as {@code String} / {@code Long}. Takes effect at the next start.
     */
    public void setHeadersToKeep(String headersToKeep) {
        List<String> names = headersToKeep == null
                ? List.of()
                : Arrays.stream(headersToKeep.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        this.headersToKeep = Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    @Override
    public boolean isUseRecovery() {
        return useRecovery;
    }

    /** Whether the aggregator's recovery task redelivers completed, unconfirmed exchanges (default {@code true}). */
    @Override
    public void setUseRecovery(boolean useRecovery) {
        this.useRecovery = useRecovery;
    }

    @Override
    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    /** Milliseconds between two recovery scans (default 5000). */
    @Override
    public void setRecoveryInterval(long interval) {
        this.recoveryInterval = interval;
    }

    @Override
    public void setRecoveryInterval(long interval, TimeUnit timeUnit) {
        this.recoveryInterval = timeUnit.toMillis(interval);
    }

    @Override
    public int getMaximumRedeliveries() {
        return maximumRedeliveries;
    }

    /**
     * Redelivery attempts of a recovered exchange before it goes to the {@link #setDeadLetterUri dead letter}
     * endpoint (default 0: unlimited). Camel requires a dead letter URI when this is set.
     */
    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    @Override
    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    /** Endpoint that receives recovered exchanges whose redeliveries are exhausted (default none). */
    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public String toString() {
        return "RocksDBAggregationRepository[" + repositoryName + " at " + getPath() + "]";
    }
}
