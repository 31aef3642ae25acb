package io.inventorysync.store;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel health check {@code inventory-sync/rocksdb-store}: UP while the session store is open and takes a write
 * (a probe key written and deleted), DOWN otherwise with the reason. Liveness and readiness both: without the store
 * no session can be kept.
 */
public final class RocksDBStoreHealthCheck extends AbstractHealthCheck {

    private final RocksDBStore store;

    public RocksDBStoreHealthCheck(RocksDBStore store) {
        super("inventory-sync", "rocksdb-store");
        this.store = store;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("path", store.getPath());
        if (!store.isOpen()) {
            builder.message("RocksDB store is not open").down();
            return;
        }
        try {
            store.probe();
            builder.up();
        } catch (RuntimeException e) {
            builder.message(e.getMessage()).error(e).down();
        }
    }
}
