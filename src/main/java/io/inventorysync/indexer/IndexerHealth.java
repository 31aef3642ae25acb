package io.inventorysync.indexer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which indexer hosts are usable right now. {@link #probeAll()} runs at start-up and then periodically (a Camel
 * timer route, {@code indexer.health-interval}); the request side asks {@link #usableHosts()}.
 *
 * <p>A host's state changes are logged once each, with the reason: INFO when it becomes usable, WARN when it stops
 * being usable. Repeated probes with the same outcome stay silent (DEBUG), so a long outage is one WARN line, not
 * one per probe. Before its first probe a host counts as not usable.
 */
public final class IndexerHealth {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerHealth.class);

    private final List<String> hosts;
    private final Function<String, HostHealth> prober;
    // host -> last probe result, in configuration order; guarded by this
    private final Map<String, HostHealth> states = new LinkedHashMap<>();

    public IndexerHealth(IndexerClient client) {
        this(client.hosts(), client::probe);
    }

    /** For tests and other probing strategies: {@code prober} must not throw. */
    IndexerHealth(List<String> hosts, Function<String, HostHealth> prober) {
        this.hosts = List.copyOf(hosts);
        this.prober = Objects.requireNonNull(prober);
    }

    /** Probes every host, one after the other, records and logs changes; returns this round's results. */
    public List<HostHealth> probeAll() {
        List<HostHealth> results = new ArrayList<>(hosts.size());
        for (String host : hosts) {
            HostHealth now = prober.apply(host); // outside the lock: a probe may take the full timeout
            results.add(now);
            record(now);
        }
        return results;
    }

    private synchronized void record(HostHealth now) {
        HostHealth before = states.put(now.host(), now);
        boolean changed = before == null || before.usable() != now.usable();
        if (!changed) {
            LOG.debug("indexer host {}", now.describe());
        } else if (now.usable()) {
            LOG.info("indexer host {}", now.describe());
        } else {
            LOG.warn("indexer host {}", now.describe());
        }
    }

    public synchronized boolean anyHostUsable() {
        return states.values().stream().anyMatch(HostHealth::usable);
    }

    /** Usable hosts in configuration order. */
    public synchronized List<String> usableHosts() {
        return states.values().stream().filter(HostHealth::usable).map(HostHealth::host).toList();
    }

    public synchronized int usableHostCount() {
        return (int) states.values().stream().filter(HostHealth::usable).count();
    }

    /** The last probe result of every probed host, in configuration order. */
    public synchronized List<HostHealth> states() {
        return List.copyOf(states.values());
    }
}
