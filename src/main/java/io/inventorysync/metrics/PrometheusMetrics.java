package io.inventorysync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The service's metrics for Prometheus, in one Micrometer registry, written by {@code GET /metrics}
 * ({@link HealthHttpServer}). Everything here is read when scraped or recorded in constant time:
 * <ul>
 *   <li>the Sessions MBean's gauges and counters, as functions over {@link SessionStats} (the same numbers as JMX,
 *       nothing counted twice);</li>
 *   <li>per-route exchanges, failures and processing time, read from Camel's own managed route statistics;</li>
 *   <li>histograms: Start→StartAck and End→EndAck ({@link ReplyLatencies}), indexer requests per kind and outcome
 *       with retries, failovers and 413 splits ({@link IndexerRequestMetrics});</li>
 *   <li>RocksDB estimates through suppliers the store provides, JVM memory, GC and threads (Micrometer's binders).</li>
 * </ul>
 * Labels are low-cardinality: a route id, a request kind, an outcome class, a column family, a transport.
 *
 * <p>A Camel service: the GC listener is removed on stop. Thread-safe.
 */
public final class PrometheusMetrics extends ServiceSupport implements ReplyLatencies, IndexerRequestMetrics {

    /** Every name starts with this (Micrometer's dots become underscores in the exposition). */
    static final String PREFIX = "inventory.sync.";

    private static final List<Duration> START_ACK_BUCKETS =
            millis(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000);
    private static final List<Duration> END_ACK_BUCKETS =
            millis(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 120_000);
    private static final List<Duration> REQUEST_BUCKETS =
            millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000);
    private static final String[] OUTCOMES = {
        "success", "client_error", "throttled", "too_large", "server_error", "unreachable"
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final CamelContext context;
    private final Timer startAck;
    private final Timer endAck;
    // [kind][outcome], registered on first use: only the pairs that happened are exported
    private final AtomicReferenceArray<Timer> requests;
    private final Counter[] retries;
    private final Counter[] failovers;
    private final Counter bulkSplits;
    // function meters hold their object weakly: the objects they read are kept here
    private final Map<String, Object> held = new ConcurrentHashMap<>();
    private JvmGcMetrics gc;

    public PrometheusMetrics(CamelContext context) {
        this.context = context;
        startAck = Timer.builder(PREFIX + "start.ack.latency")
                .description("Start to StartAck: from the read that carried the Start to the StartAck handed to the"
                        + " transport")
                .serviceLevelObjectives(START_ACK_BUCKETS.toArray(Duration[]::new))
                .register(registry);
        endAck = Timer.builder(PREFIX + "end.ack.latency")
                .description("End to the final EndAck (Ok, Error, ChecksumMismatch) of a complete session: from the"
                        + " read that carried its latest End to the EndAck handed to the transport")
                .serviceLevelObjectives(END_ACK_BUCKETS.toArray(Duration[]::new))
                .register(registry);
        Kind[] kinds = Kind.values();
        requests = new AtomicReferenceArray<>(kinds.length * OUTCOMES.length);
        retries = new Counter[kinds.length];
        failovers = new Counter[kinds.length];
        for (Kind kind : kinds) {
            retries[kind.ordinal()] = Counter.builder(PREFIX + "indexer.retries")
                    .description("Indexer requests sent again after a 429 or 5xx answer (after the backoff)")
                    .tag("kind", kind.label())
                    .register(registry);
            failovers[kind.ordinal()] = Counter.builder(PREFIX + "indexer.failovers")
                    .description("Indexer requests moved to the next usable host after a transport failure")
                    .tag("kind", kind.label())
                    .register(registry);
        }
        bulkSplits = Counter.builder(PREFIX + "indexer.bulk.splits")
                .description("_bulk requests answered 413 and sent again in two halves")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    // ------------------------------------------------------------------ what is read when scraped

    /**
     * Every gauge and counter of the Sessions MBean ({@code inventory_sync_} and the attribute in snake case, counters
     * with {@code _total}), and the two quotas the gauges are measured against.
     *
     * @param transport {@code wazuh} or {@code tcp}: the label of {@code router_subscribed}, so that an alert on it can
     *                  leave out the TCP listener, which never subscribes
     */
    public PrometheusMetrics sessions(SessionStats stats, String transport, long maxSessions, long maxPendingItems) {
        held.put("sessionStats", stats);
        gauge("open.sessions", "Sessions open now: receiving, queued or indexing", stats, s -> s.getOpenSessions());
        gauge("pending.items", "Declared items (Start.size) of the open sessions", stats, s -> s.getPendingItems());
        gauge("indexer.hosts.usable", "Indexer hosts usable at the last probe", stats, s -> s.getIndexerHostsUsable());
        Gauge.builder(PREFIX + "router.subscribed", stats, s -> s.isRouterSubscribed() ? 1 : 0)
                .description("1 while subscribed to the manager's router broker (always 0 with transport tcp)")
                .tag("transport", transport)
                .register(registry);
        Gauge.builder(PREFIX + "open.sessions.limit", () -> maxSessions)
                .description("inventory.session.max-sessions: open sessions at most")
                .register(registry);
        Gauge.builder(PREFIX + "pending.items.limit", () -> maxPendingItems)
                .description("inventory.session.max-pending-items: declared items of the open sessions at most")
                .register(registry);

        counter("sessions.started", "Starts accepted with a new session", stats, SessionStats::getSessionsStarted);
        counter("starts.refused", "Starts refused (Offline or Error)", stats, SessionStats::getStartsRefused);
        counter(
                "sessions.replaced",
                "Sessions dropped by a new Start of the same agent and module",
                stats,
                SessionStats::getSessionsReplaced);
        counter("sessions.completed", "Sessions answered EndAck{Ok}", stats, SessionStats::getSessionsCompleted);
        counter(
                "sessions.failed",
                "Sessions answered EndAck{Error} or EndAck{ChecksumMismatch} after indexing or checking",
                stats,
                SessionStats::getSessionsFailed);
        counter(
                "sessions.expired",
                "Sessions expired by the inactivity timeout",
                stats,
                SessionStats::getSessionsExpired);
        counter("frames.received", "Router frames received", stats, SessionStats::getFramesReceived);
        counter(
                "messages.unknown.session",
                "Messages ignored: their session is not open",
                stats,
                SessionStats::getMessagesUnknownSession);
        counter(
                "messages.out.of.range",
                "Messages ignored: seq not below the session's size",
                stats,
                SessionStats::getMessagesOutOfRange);
        counter(
                "messages.not.stored",
                "Data messages whose items RocksDB did not take (taken as not received)",
                stats,
                SessionStats::getMessagesNotStored);
        counter(
                "messages.unverifiable",
                "Frames dropped: unverifiable FlatBuffer, empty union, unexpected header",
                stats,
                SessionStats::getMessagesUnverifiable);
        counter(
                "messages.ignored",
                "Messages ignored otherwise: provider responses, a session no longer receiving",
                stats,
                SessionStats::getMessagesIgnored);
        counter("bad.commands", "JSON commands not understood or failed", stats, SessionStats::getBadCommands);
        counter(
                "protocol.errors",
                "Connections closed because their bytes broke the framing rules",
                stats,
                SessionStats::getProtocolErrors);
        counter(
                "responses.dropped",
                "Responses that could not leave (connection gone or not read, remoted unreachable)",
                stats,
                SessionStats::getResponsesDropped);
        counter("responses.sent", "Responses handed to the transport", stats, SessionStats::getResponsesSent);
        counter(
                "responses.unreachable",
                "Of the responses dropped: datagrams remoted's queue/sockets/ar did not take",
                stats,
                SessionStats::getResponsesUnreachable);
        counter(
                "router.reconnects",
                "Subscriptions to the router broker tried again",
                stats,
                SessionStats::getRouterReconnects);
        counter(
                "router.control.errors",
                "Broker control frames other than {\"Result\":\"OK\"}",
                stats,
                SessionStats::getRouterControlErrors);
        counter("items.skipped", "Stored items left out of indexing", stats, SessionStats::getItemsSkipped);
        counter(
                "truncated.frames",
                "Connections closed in the middle of a frame",
                stats,
                SessionStats::getTruncatedFrames);
        counter(
                "connections.refused",
                "Connections refused: inventory.router.max-connections reached",
                stats,
                SessionStats::getConnectionsRefused);
        counter(
                "connections.idle.closed",
                "Connections closed by inventory.router.idle-timeout",
                stats,
                SessionStats::getConnectionsIdleClosed);
        counter(
                "connections.over.budget",
                "Connections closed: inventory.router.max-partial-frame-bytes used up",
                stats,
                SessionStats::getConnectionsOverBudget);
        counter(
                "ends.throttled",
                "Ends not answered: repeated within 1 s of the session's previous ReqRet",
                stats,
                SessionStats::getEndsThrottled);
        counter(
                "sessions.not.queued",
                "Complete sessions the indexing queue could not take (EndAck{Error})",
                stats,
                SessionStats::getSessionsNotQueued);
        counter(
                "indexing.groups",
                "Groups of complete sessions indexed together (one refresh, one clean, shared _bulk requests)",
                stats,
                SessionStats::getIndexingGroups);
        counter(
                "full.sessions.ok",
                "FullSession requests answered 200 (indexed, or nothing to apply)",
                stats,
                SessionStats::getFullSessionsOk);
        counter(
                "full.sessions.refused",
                "FullSession requests answered 4xx by the body checks (FlatBuffer, identity, cluster, shape)",
                stats,
                SessionStats::getFullSessionsRefused);
        counter(
                "full.sessions.mismatched",
                "ModuleCheck FullSessions answered 409 checksum_mismatch",
                stats,
                SessionStats::getFullSessionsMismatched);
        counter(
                "full.sessions.failed",
                "FullSession requests answered 500 or 503 (indexer failed or unusable, queue full)",
                stats,
                SessionStats::getFullSessionsFailed);
        counter(
                "agent.deletion.requests",
                "Agent deletions asked over the FullSession door",
                stats,
                SessionStats::getAgentDeletionRequests);
        counter(
                "full.session.http.refusals",
                "Requests the FullSession door's HTTP layer refused (bad HTTP, limits, timeouts, busy, stopping)",
                stats,
                SessionStats::getFullSessionHttpRefusals);
        gauge(
                "full.session.bytes.in.flight",
                "Bytes of FullSession request bodies held now, off the heap",
                stats,
                s -> s.getFullSessionBytesInFlight());
        counter(
                "processing.keep.alives",
                "Unasked EndAck{Processing}: complete sessions told to keep waiting for the indexer",
                stats,
                SessionStats::getProcessingKeepAlives);
        counter(
                "deletes.failed",
                "Failed deletes of a closed session's stored data",
                stats,
                SessionStats::getDeletesFailed);
        counter(
                "clean.indices.dropped",
                "DataClean indices beyond the distinct indices one session may name",
                stats,
                SessionStats::getCleanIndicesDropped);
        counter(
                "items.after.close",
                "Items written as their session closed: deleted again",
                stats,
                SessionStats::getItemsAfterClose);
        return this;
    }

    /** RocksDB's estimate of the keys in one column family ({@code rocksdb.estimate-num-keys}); negative: unknown. */
    public PrometheusMetrics storeKeys(String columnFamily, LongSupplier estimate) {
        held.put("store.keys." + columnFamily, estimate);
        Gauge.builder(PREFIX + "store.estimated.keys", estimate, PrometheusMetrics::known)
                .description("RocksDB's estimate of the keys in a column family (rocksdb.estimate-num-keys)")
                .tag("column_family", columnFamily)
                .register(registry);
        return this;
    }

    /** RocksDB's estimate of the live data ({@code rocksdb.estimate-live-data-size}, all column families). */
    public PrometheusMetrics storeLiveDataBytes(LongSupplier estimate) {
        return storeBytes(
                "store.live",
                "store.live.data",
                "RocksDB's estimate of the live data size (rocksdb.estimate-live-data-size)",
                estimate);
    }

    /** The memtables' size ({@code rocksdb.cur-size-all-mem-tables}, all column families). */
    public PrometheusMetrics storeMemtableBytes(LongSupplier size) {
        return storeBytes(
                "store.memtable",
                "store.memtable",
                "Size of RocksDB's memtables (rocksdb.cur-size-all-mem-tables)",
                size);
    }

    private PrometheusMetrics storeBytes(String key, String name, String description, LongSupplier bytes) {
        held.put(key, bytes);
        Gauge.builder(PREFIX + name, bytes, PrometheusMetrics::known)
                .description(description)
                .baseUnit("bytes")
                .register(registry);
        return this;
    }

    /**
     * Writes every metric in the format {@code accept} (the request's Accept header, may be null) asks for: OpenMetrics
     * when Prometheus asks for it, the Prometheus text format otherwise. Returns the content type written.
     */
    public String scrape(String accept, OutputStream out) throws IOException {
        bindRoutes();
        ExpositionFormatWriter writer = formats.findWriter(accept);
        registry.scrape(out, writer.getContentType());
        return writer.getContentType();
    }

    /** The registry itself, for tests that read a meter. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Route statistics from Camel's managed routes (JMX), bound the first time a route is seen: routes are loaded
     * after the configuration classes run, and a route added later still shows. Nothing when JMX is off.
     */
    private void bindRoutes() {
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        if (managed == null) {
            return;
        }
        for (Route route : context.getRoutes()) {
            String id = route.getRouteId();
            if (!held.containsKey("route." + id)) {
                ManagedRouteMBean mbean = managed.getManagedRoute(id);
                if (mbean != null) {
                    held.put("route." + id, mbean);
                    bindRoute(id, mbean);
                }
            }
        }
    }

    private void bindRoute(String id, ManagedRouteMBean route) {
        FunctionCounter.builder(PREFIX + "route.exchanges", route, safely(ManagedRouteMBean::getExchangesTotal))
                .description("Exchanges the route completed or failed (Camel's route statistics)")
                .tag("route", id)
                .register(registry);
        FunctionCounter.builder(PREFIX + "route.exchanges.failed", route, safely(ManagedRouteMBean::getExchangesFailed))
                .description("Exchanges that failed in the route (Camel's route statistics)")
                .tag("route", id)
                .register(registry);
        // Camel keeps milliseconds
        ToDoubleFunction<ManagedRouteMBean> millis = safely(ManagedRouteMBean::getTotalProcessingTime);
        FunctionCounter.builder(PREFIX + "route.processing", route, r -> millis.applyAsDouble(r) / 1000.0)
                .description("Time the route spent processing exchanges (Camel's route statistics)")
                .baseUnit("seconds")
                .tag("route", id)
                .register(registry);
    }

    // ------------------------------------------------------------------ what the hot path records

    @Override
    public void startAck(long nanos) {
        startAck.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void endAck(long nanos) {
        endAck.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void request(Kind kind, int status, long nanos) {
        int outcome = outcome(status);
        int slot = kind.ordinal() * OUTCOMES.length + outcome;
        Timer timer = requests.get(slot);
        if (timer == null) {
            // a race registers the same meter twice: Micrometer returns the one it has
            timer = Timer.builder(PREFIX + "indexer.request")
                    .description("Indexer HTTP requests, one per send to one host, by kind and outcome")
                    .tag("kind", kind.label())
                    .tag("outcome", OUTCOMES[outcome])
                    .serviceLevelObjectives(REQUEST_BUCKETS.toArray(Duration[]::new))
                    .register(registry);
            requests.set(slot, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void retry(Kind kind) {
        retries[kind.ordinal()].increment();
    }

    @Override
    public void failover(Kind kind) {
        failovers[kind.ordinal()].increment();
    }

    @Override
    public void bulkSplit() {
        bulkSplits.increment();
    }

    /** The index in {@link #OUTCOMES} of an HTTP status (0: no answer). */
    private static int outcome(int status) {
        if (status == 0) {
            return 5;
        } else if (status == 429) {
            return 2;
        } else if (status == 413) {
            return 3;
        } else if (status >= 500) {
            return 4;
        } else if (status >= 400) {
            return 1;
        }
        return 0;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected void doStart() {
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    @Override
    protected void doStop() {
        if (gc != null) {
            gc.close();
            gc = null;
        }
    }

    // ------------------------------------------------------------------ helpers

    private void gauge(String name, String description, SessionStats stats, ToDoubleFunction<SessionStats> value) {
        Gauge.builder(PREFIX + name, stats, value).description(description).register(registry);
    }

    private void counter(String name, String description, SessionStats stats, ToLongFunction<SessionStats> value) {
        FunctionCounter.builder(PREFIX + name, stats, s -> value.applyAsLong(s))
                .description(description)
                .register(registry);
    }

    /** A store estimate as a gauge value: NaN while the store is closed or RocksDB does not know. */
    private static double known(LongSupplier estimate) {
        try {
            long value = estimate.getAsLong();
            return value < 0 ? Double.NaN : value;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A route statistic, or NaN when its MBean is gone (route removed, context stopping). */
    private static ToDoubleFunction<ManagedRouteMBean> safely(ToLongFunction<ManagedRouteMBean> read) {
        return route -> {
            try {
                return read.applyAsLong(route);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }

    private static List<Duration> millis(double... values) {
        return Arrays.stream(values)
                .mapToObj(ms -> Duration.ofNanos(Math.round(ms * 1_000_000)))
                .toList();
    }
}
