package io.inventorysync.wazuh;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel health check {@code inventory-sync/router-subscriber}: UP while subscribed to the router broker. Readiness
 * only: without the broker the service stays alive and keeps trying (spec §3).
 */
public final class RouterSubscriptionHealthCheck extends AbstractHealthCheck {

    private final SubscriptionStatus status;

    public RouterSubscriptionHealthCheck(SubscriptionStatus status) {
        super("inventory-sync", "router-subscriber");
        this.status = status;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("state", status.state().name());
        builder.detail("subscription", status.where());
        if (!status.lastError().isEmpty()) {
            builder.detail("last.error", status.lastError());
        }
        if (status.subscribed()) {
            builder.up();
        } else {
            builder.message("not subscribed to the router broker: " + status.state())
                    .down();
        }
    }
}
