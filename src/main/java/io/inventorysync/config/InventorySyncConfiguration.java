package io.inventorysync.config;

import io.inventorysync.fullsession.FrontDoorCounters;
import io.inventorysync.fullsession.FullSessionComponent;
import io.inventorysync.fullsession.FullSessionRequests;
import io.inventorysync.indexer.SessionIndexer;
import io.inventorysync.indexer.agent.AgentCommands;
import io.inventorysync.indexer.agent.AgentDeletion;
import io.inventorysync.indexer.agent.PainlessScripts;
import io.inventorysync.indexer.client.IndexerClient;
import io.inventorysync.indexer.client.IndexerConnector;
import io.inventorysync.indexer.client.IndexerHealth;
import io.inventorysync.indexer.client.IndexerHealthCheck;
import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.RetryPolicy;
import io.inventorysync.indexing.GroupIndexing;
import io.inventorysync.indexing.QueuedSessions;
import io.inventorysync.metrics.HealthHttpServer;
import io.inventorysync.metrics.IndexerRequestMetrics;
import io.inventorysync.metrics.PlatformMBean;
import io.inventorysync.metrics.PrometheusMetrics;
import io.inventorysync.metrics.ReplyLatencies;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.metrics.SessionStats;
import io.inventorysync.router.ConnectionResponder;
import io.inventorysync.router.GracefulShutdown;
import io.inventorysync.router.InboundFrames;
import io.inventorysync.router.ReplySender;
import io.inventorysync.router.Responder;
import io.inventorysync.router.RouterConnectionLimits;
import io.inventorysync.router.RouterConnections;
import io.inventorysync.router.RouterFlushConsolidation;
import io.inventorysync.router.RouterFrameDecoderFactory;
import io.inventorysync.router.RouterFrameEncoder;
import io.inventorysync.session.ClosedSessionItems;
import io.inventorysync.session.SessionAdmission;
import io.inventorysync.session.SessionAggregation;
import io.inventorysync.session.SessionCompletion;
import io.inventorysync.session.SessionLimits;
import io.inventorysync.session.SessionMessages;
import io.inventorysync.session.StartHandler;
import io.inventorysync.store.RocksDBAggregationRepository;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.store.RocksDBStore;
import io.inventorysync.store.RocksDBStoreHealthCheck;
import io.inventorysync.store.RocksDBSyncMode;
import io.inventorysync.support.ConfigurationException;
import io.inventorysync.wazuh.NativeTransport;
import io.inventorysync.wazuh.RemotedResponder;
import io.inventorysync.wazuh.RouterSubscriberComponent;
import io.inventorysync.wazuh.RouterSubscriptionHealthCheck;
import io.inventorysync.wazuh.SubscriptionStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.TimeUtils;

/**
 * Wires the service's beans from {@code config/application.properties} and ossec.conf. The routes in
 * {@code routes/} refer to these beans by name.
 *
 * <p>Only wiring: what happens at start-up (the first indexer probe, the store's opening) belongs to the services
 * it adds to the context, which start before any route.
 */
public class InventorySyncConfiguration implements CamelConfiguration {

    @PropertyInject(value = "inventory.router.transport", defaultValue = "wazuh")
    private String transport;

    @PropertyInject(value = "inventory.wazuh.ar-socket", defaultValue = "/var/wazuh-manager/queue/sockets/ar")
    private String arSocket;

    @PropertyInject("inventory.router.max-frame-bytes")
    private int maxFrameBytes;

    @PropertyInject(value = "inventory.router.max-connections", defaultValue = "512")
    private int maxConnections;

    @PropertyInject(value = "inventory.router.idle-timeout", defaultValue = "5m")
    private String idleTimeout;

    @PropertyInject(value = "inventory.router.max-partial-frame-bytes", defaultValue = "67108864")
    private long maxPartialFrameBytes;

    @PropertyInject("inventory.ossec-conf")
    private String ossecConf;

    @PropertyInject("inventory.session.max-sessions")
    private int maxSessions;

    @PropertyInject("inventory.session.timeout")
    private String sessionTimeout;

    @PropertyInject("inventory.session.max-pending-items")
    private long maxPendingItems;

    @PropertyInject("inventory.storage.path")
    private String storagePath;

    @PropertyInject("inventory.storage.wal")
    private boolean storageWal;

    @PropertyInject("inventory.indexer.bulk-max-bytes")
    private int bulkMaxBytes;

    @PropertyInject(value = "inventory.session.processing-keepalive", defaultValue = "30s")
    private String processingKeepAlive;

    @PropertyInject(value = "inventory.indexer.group-max-items", defaultValue = "8000")
    private long groupMaxItems;

    @PropertyInject("inventory.indexer.health-timeout")
    private String healthTimeout;

    @PropertyInject("inventory.indexer.connect-timeout")
    private String connectTimeout;

    @PropertyInject("inventory.indexer.response-timeout")
    private String responseTimeout;

    @PropertyInject(value = "inventory.indexer.username", defaultValue = "")
    private String username;

    @PropertyInject(value = "inventory.indexer.password", defaultValue = "")
    private String password;

    @PropertyInject(value = "inventory.indexer.key-password", defaultValue = "")
    private String keyPassword;

    @PropertyInject(value = "inventory.indexer.verify-hostname", defaultValue = "true")
    private boolean verifyHostname;

    @PropertyInject(value = "inventory.indexer.retry-attempts", defaultValue = "8")
    private int retryAttempts;

    @PropertyInject(value = "inventory.indexer.retry-deadline", defaultValue = "60s")
    private String retryDeadline;

    @PropertyInject(value = "inventory.indexer.retry-initial-backoff", defaultValue = "1s")
    private String retryInitialBackoff;

    @PropertyInject(value = "inventory.indexer.retry-max-backoff", defaultValue = "15s")
    private String retryMaxBackoff;

    @PropertyInject(value = "inventory.indexer.unavailable-probe-interval", defaultValue = "1s")
    private String unavailableProbeInterval;

    @PropertyInject(value = "inventory.shutdown.timeout", defaultValue = "30")
    private int shutdownTimeoutSeconds;

    @PropertyInject(value = "inventory.health.http.enabled", defaultValue = "false")
    private boolean healthHttpEnabled;

    @PropertyInject(value = "inventory.health.http.host", defaultValue = "127.0.0.1")
    private String healthHttpHost;

    @PropertyInject(value = "inventory.health.http.port", defaultValue = "7141")
    private int healthHttpPort;

    @PropertyInject(value = "inventory.metrics.enabled", defaultValue = "true")
    private boolean metricsEnabled;

    @PropertyInject(value = "inventory.fullsession.retry-after", defaultValue = "5")
    private int fullSessionRetryAfter;

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        ServiceMetrics metrics = new ServiceMetrics();
        registry.bind("serviceMetrics", metrics);
        // GET /metrics on the health listener; null (nothing recorded, no histogram) without it
        PrometheusMetrics prometheus = healthHttpEnabled && metricsEnabled ? new PrometheusMetrics(context) : null;
        RouterConnections connections = new RouterConnections();
        registry.bind("routerConnections", connections);
        RouterConnectionLimits limits =
                new RouterConnectionLimits(maxConnections, duration(idleTimeout), maxPartialFrameBytes);
        registry.bind("routerConnectionLimits", limits);
        // the limits are the TCP listener's: the broker's one connection needs none of them
        registry.bind("routerFrameDecoder", new RouterFrameDecoderFactory(maxFrameBytes, metrics, connections, limits));
        RouterFrameDecoderFactory decoders = new RouterFrameDecoderFactory(maxFrameBytes, metrics, connections);
        boolean wazuh = wazuhTransport(context);
        SubscriptionStatus subscription = new SubscriptionStatus();
        // the route from("wazuh-router:...") exists in both transports (it runs only in "wazuh")
        context.addComponent("wazuh-router", new RouterSubscriberComponent(decoders, metrics, subscription));
        // the route from("fullsession:...") exists whether or not it runs (inventory.fullsession.enabled)
        FrontDoorCounters fullSessionDoor = new FrontDoorCounters();
        context.addComponent("fullsession", new FullSessionComponent(fullSessionDoor));
        registry.bind("routerFrameEncoder", new RouterFrameEncoder());
        registry.bind("routerFlushConsolidation", new RouterFlushConsolidation());

        OssecConf conf = OssecConf.load(Path.of(ossecConf));
        IndexerRequestMetrics indexerMetrics = prometheus == null ? IndexerRequestMetrics.NONE : prometheus;
        IndexerClient.Builder client = IndexerClient.builder(conf.indexerSettings(keyPassword))
                .probeTimeout(duration(healthTimeout))
                .connectTimeout(duration(connectTimeout))
                .responseTimeout(duration(responseTimeout))
                .verifyHostname(verifyHostname)
                .metrics(indexerMetrics);
        if (!username.isBlank()) {
            client.basicAuth(username, password);
        }
        IndexerClient indexer = client.build();
        closeOnStop(context, indexer);
        IndexerHealth health = new IndexerHealth(indexer);
        context.addService(health, false, true);
        registry.bind("indexerClient", indexer);
        registry.bind("indexerHealth", health);
        RetryPolicy retry = new RetryPolicy(
                retryAttempts,
                duration(retryDeadline),
                duration(retryInitialBackoff),
                duration(retryMaxBackoff),
                duration(unavailableProbeInterval));
        // blocking: only the dedicated indexer threads call it, never the router's I/O threads
        IndexerRequests requests = new IndexerConnector(indexer, health, retry, indexerMetrics);
        registry.bind("indexerRequests", requests);

        Responder responder = wazuh ? remotedResponder(context, metrics) : new ConnectionResponder(metrics);
        SessionAdmission admission =
                new SessionAdmission(new SessionLimits(maxSessions, maxPendingItems), health::anyHostUsable, metrics);
        registry.bind("sessionAdmission", admission);
        registry.bind("inboundFrames", new InboundFrames(metrics));
        registry.bind("startHandler", new StartHandler(admission));
        // every response leaves through this step of the routes
        registry.bind("replies", new ReplySender(responder, prometheus == null ? ReplyLatencies.NONE : prometheus));

        // session payloads live in RocksDB, wiped at start-up: agents resend unfinished sessions
        RocksDBStore store = new RocksDBStore(Path.of(storagePath));
        store.setWipeOnStart(true);
        store.setWal(storageWal);
        context.addService(store, true, true);
        RocksDBPayload payload = new RocksDBPayload(store);
        RocksDBAggregationRepository repository = new RocksDBAggregationRepository("sessions", store);
        repository.setSync(RocksDBSyncMode.NEVER);
        repository.setUseRecovery(false);
        registry.bind("sessionStore", store);
        registry.bind("sessionPayload", payload);
        registry.bind("sessionRepository", repository);
        admission.onClose(new ClosedSessionItems(payload));

        SessionIndexer sessionIndexer = new SessionIndexer(
                requests, conf.clusterName(), PainlessScripts.versionedUpsert(), bulkMaxBytes, duration(retryDeadline));
        AgentDeletion deletion = new AgentDeletion(requests);
        registry.bind("agentCommands", new AgentCommands(deletion));
        // the second generation's requests (routes/fullsession.camel.yaml) share the indexing below
        FullSessionRequests fullSessions =
                new FullSessionRequests(conf.clusterName(), health, deletion, metrics, fullSessionRetryAfter);
        registry.bind("fullSessionRequests", fullSessions);
        registry.bind("sessionMessages", new SessionMessages(admission, payload, metrics));
        SessionAggregation aggregation = new SessionAggregation(admission, metrics, System::nanoTime);
        registry.bind("sessionAggregation", aggregation);
        // the aggregator's predicates as Predicate beans (ref language): called per update, without bean reflection
        registry.bind("sessionComplete", (Predicate) aggregation::isComplete);
        // the queue of routes/sessions.camel.yaml's seda:session-indexing, looked up when a session is queued
        Supplier<BlockingQueue<Exchange>> indexingQueue = () ->
                context.getEndpoint("seda:session-indexing", SedaEndpoint.class).getQueue();
        SessionCompletion completion =
                new SessionCompletion(admission, payload, metrics, duration(sessionTimeout), indexingQueue);
        registry.bind(
                "groupIndexing",
                new GroupIndexing(
                        sessionIndexer,
                        metrics,
                        indexingQueue,
                        QueuedSessions.anyOf(completion, fullSessions),
                        groupMaxItems));
        completion.setProcessingKeepAlive(duration(processingKeepAlive));
        registry.bind("sessionCompletion", completion);
        registry.bind("completedByUpdate", (Predicate) completion::claimIndexing);

        operations(context, metrics, admission, health, store, connections, prometheus);
        registry.lookupByNameAndType("sessionStats", SessionStats.class)
                .fullSessionDoor(
                        () -> fullSessionDoor.refusals().values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        fullSessionDoor::inFlightBytes);
        if (wazuh) {
            HealthCheckRegistry.get(context).register(new RouterSubscriptionHealthCheck(subscription));
            registry.lookupByNameAndType("sessionStats", SessionStats.class).routerSubscribed(subscription::subscribed);
        }
        if (prometheus != null) {
            prometheus.sessions(
                    registry.lookupByNameAndType("sessionStats", SessionStats.class),
                    wazuh ? "wazuh" : "tcp",
                    maxSessions,
                    maxPendingItems);
            for (RocksDBKeyspace space : RocksDBKeyspace.values()) {
                prometheus.storeKeys(space.columnFamily(), () -> store.estimateKeys(space));
            }
            prometheus.storeLiveDataBytes(store::estimateLiveDataBytes).storeMemtableBytes(store::memtableBytes);
        }
        registry.bind("routerSubscription", subscription);
    }

    /**
     * Which front door runs (routes router-ingress / router-subscriber, through their autoStartup properties).
     * Beside a manager, Netty's native epoll transport is required: said in one line at start-up when missing.
     */
    private boolean wazuhTransport(CamelContext context) {
        boolean wazuh = switch (transport.trim()) {
            case "wazuh" -> true;
            case "tcp" -> false;
            default ->
                throw new ConfigurationException(
                        "inventory.router.transport must be 'wazuh' or 'tcp', not '" + transport + "'");
        };
        if (wazuh) {
            String missing = NativeTransport.unavailableReason();
            if (missing != null) {
                throw new ConfigurationException("inventory.router.transport=wazuh needs Netty's native epoll transport"
                        + " (Linux x86_64), which cannot be loaded here (" + missing + "); use"
                        + " inventory.router.transport=tcp on this machine");
            }
        }
        context.getPropertiesComponent()
                .addOverrideProperty("inventory.router.tcp-listener-enabled", String.valueOf(!wazuh));
        context.getPropertiesComponent()
                .addOverrideProperty("inventory.router.subscriber-enabled", String.valueOf(wazuh));
        return wazuh;
    }

    private Responder remotedResponder(CamelContext context, ServiceMetrics metrics) throws Exception {
        RemotedResponder remoted = new RemotedResponder(Path.of(arSocket), metrics);
        // started now, stopped with the context after the routes: EndAcks of the graceful shutdown still leave
        context.addService(remoted, true, true);
        context.getRegistry().bind("remotedResponder", remoted);
        return remoted;
    }

    /** JMX statistics, health checks (JMX, optionally HTTP, with Prometheus metrics) and the graceful shutdown. */
    private void operations(
            CamelContext context,
            ServiceMetrics metrics,
            SessionAdmission admission,
            IndexerHealth health,
            RocksDBStore store,
            RouterConnections connections,
            PrometheusMetrics prometheus)
            throws Exception {
        SessionStats stats =
                new SessionStats(metrics, admission::openSessions, admission::pendingItems, health::usableHostCount);
        context.addService(new PlatformMBean(PlatformMBean.sessionsName(context.getName()), stats), true, true);
        context.getRegistry().bind("sessionStats", stats);

        HealthCheckRegistry checks = HealthCheckRegistry.get(context);
        checks.register(new RocksDBStoreHealthCheck(store));
        checks.register(new IndexerHealthCheck(health));
        if (prometheus != null) {
            context.addService(prometheus, true, true);
            context.getRegistry().bind("prometheusMetrics", prometheus);
        }
        if (healthHttpEnabled) {
            HealthHttpServer server = new HealthHttpServer(context, healthHttpHost, healthHttpPort, prometheus);
            context.getRegistry().bind("healthHttpServer", server);
            context.addService(server, true, true);
        }
        // set here, not as a registry bean: camel-main looks for that bean before configuration classes run
        GracefulShutdown shutdown = new GracefulShutdown(connections, admission);
        shutdown.setTimeout(shutdownTimeoutSeconds);
        context.setShutdownStrategy(shutdown);
    }

    private static Duration duration(String text) {
        return Duration.ofMillis(TimeUtils.toMilliSeconds(text));
    }

    private static void closeOnStop(CamelContext context, AutoCloseable resource) throws Exception {
        context.addService(
                new ServiceSupport() {
                    @Override
                    protected void doStop() throws Exception {
                        resource.close();
                    }
                },
                true,
                true);
    }
}
