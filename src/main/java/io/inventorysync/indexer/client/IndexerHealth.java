package io.inventorysync.indexer.client;

import io.inventorysync.support.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which indexer hosts are usable right now. {@link #probeAll()} runs when this service starts (added to the
 * CamelContext, it starts before any route: the router opens with a known indexer state) and then periodically (a
 * Camel timer route, {@code indexer.health-interval}); the request side asks {@link #usableHosts()}.
 *
 * <p>A host's state changes are logged once each, with the reason: INFO when it becomes usable, WARN when it stops
 * being usable. Repeated probes with the same outcome stay silent (DEBUG), so a long outage is one WARN line, not
 * one per probe. Before its first probe a host counts as not usable.
 *
 * <p>The request side also reports transport failures ({@link #markUnusable}): the host stays out of the rotation
 * until a probe finds it healthy again. While no host is usable, waiting requests ask for {@link #probeIfStale}
 * re-probes, which coalesce: one round at a time, at most one per interval, whoever asks.
 */
public final class IndexerHealth implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerHealth.class);

    private final List<String> hosts;
    private final Function<String, HostHealth> prober;
    private final Ticker ticker; // when a round started, for probeIfStale
    // host -> last probe result, in configuration order; guarded by this
    private final Map<String, HostHealth> states = new LinkedHashMap<>();
    private volatile boolean anyUsable;
    // one probe round at a time: the timer route and waiting requests never probe the same hosts concurrently
    private final ReentrantLock probing = new ReentrantLock();
    private volatile long lastRoundStartNanos;
    private volatile boolean probedOnce;

    public IndexerHealth(IndexerClient client) {
        this(client, Ticker.SYSTEM);
    }

    /** @param ticker the clock of {@link #probeIfStale}'s interval (a fake one in tests) */
    public IndexerHealth(IndexerClient client, Ticker ticker) {
        this(client.hosts(), client::probe, ticker);
    }

    /** For tests and other probing strategies: {@code prober} must not throw. */
    IndexerHealth(List<String> hosts, Function<String, HostHealth> prober) {
        this(hosts, prober, Ticker.SYSTEM);
    }

    IndexerHealth(List<String> hosts, Function<String, HostHealth> prober, Ticker ticker) {
        this.hosts = List.copyOf(hosts);
        this.prober = Objects.requireNonNull(prober);
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** The first round, before the routes start. */
    @Override
    public void start() {
        probeAll();
    }

    @Override
    public void stop() {
        // nothing held: the client's transports close with the client
    }

    /** Probes every host, one after the other, records and logs changes; returns this round's results. */
    public List<HostHealth> probeAll() {
        probing.lock();
        try {
            return probeRound();
        } finally {
            probing.unlock();
        }
    }

    /**
     * Probes every host unless another thread is probing right now or the last round started less than
     * {@code minInterval} ago; never blocks on another round. For callers that wait for a usable host.
     *
     * @return true when this call ran a round
     */
    public boolean probeIfStale(Duration minInterval) {
        if (!probing.tryLock()) {
            return false;
        }
        try {
            if (probedOnce && ticker.nanoTime() - lastRoundStartNanos < minInterval.toNanos()) {
                return false;
            }
            probeRound();
            return true;
        } finally {
            probing.unlock();
        }
    }

    /**
     * A request to {@code host} failed in transport (refused, reset, TLS, timeout): it is not usable until a probe
     * finds it healthy again. Logged once, like a failed probe.
     */
    public void markUnusable(String host, String reason) {
        record(HostHealth.unusable(host, null, reason));
    }

    private List<HostHealth> probeRound() {
        lastRoundStartNanos = ticker.nanoTime();
        probedOnce = true;
        List<HostHealth> results = new ArrayList<>(hosts.size());
        for (String host : hosts) {
            HostHealth now = prober.apply(host); // outside the state monitor: a probe may take the full timeout
            results.add(now);
            record(now);
        }
        return results;
    }

    private synchronized void record(HostHealth now) {
        HostHealth before = states.put(now.host(), now);
        anyUsable = states.values().stream().anyMatch(HostHealth::usable);
        boolean changed = before == null || before.usable() != now.usable();
        if (!changed) {
            LOG.debug("indexer host {}", now.describe());
        } else if (now.usable()) {
            LOG.info("indexer host {}", now.describe());
        } else {
            LOG.warn("indexer host {}", now.describe());
        }
    }

    /** Asked by every Start: a volatile read, kept up to date by each probe. */
    public boolean anyHostUsable() {
        return anyUsable;
    }

    /** Usable hosts in configuration order. */
    public synchronized List<String> usableHosts() {
        return states.values().stream()
                .filter(HostHealth::usable)
                .map(HostHealth::host)
                .toList();
    }

    public synchronized int usableHostCount() {
        return (int) states.values().stream().filter(HostHealth::usable).count();
    }

    /** The last probe result of every probed host, in configuration order. */
    public synchronized List<HostHealth> states() {
        return List.copyOf(states.values());
    }
}
