package io.inventorysync.indexer.client;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel health check {@code inventory-sync/indexer}: UP while at least one indexer host is usable (last probe green
 * or yellow), with one detail per host ({@code host.<url>} = its state line). Readiness only: the service stays alive
 * without an indexer and answers Starts {@code Offline} meanwhile.
 */
public final class IndexerHealthCheck extends AbstractHealthCheck {

    private final IndexerHealth health;

    public IndexerHealthCheck(IndexerHealth health) {
        super("inventory-sync", "indexer");
        this.health = health;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        int usable = 0;
        for (HostHealth host : health.states()) {
            builder.detail("host." + host.host(), host.describe());
            usable += host.usable() ? 1 : 0;
        }
        builder.detail("usable.hosts", usable);
        if (usable > 0) {
            builder.up();
        } else {
            builder.message("no indexer host is usable").down();
        }
    }
}
