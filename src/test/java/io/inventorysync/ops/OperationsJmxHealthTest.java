package io.inventorysync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.metrics.HealthHttpServer;
import io.inventorysync.metrics.PlatformMBean;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.store.RocksDBStore;
import io.inventorysync.store.RocksDBStoreHealthCheck;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The session MBean and the health checks (behaviour.md §11) of a running service, read as an operator reads them. */
@ExtendWith(TestIndexer.Extension.class)
class OperationsJmxHealthTest {

    static final String PACKAGES = "wazuh-states-inventory-packages";
    static final ObjectName SESSIONS = PlatformMBean.sessionsName("inventory-sync");

    private static RunningService service;
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @BeforeAll
    static void start(TestIndexer indexer, @TempDir Path dir) throws Exception {
        service = RunningService.start(
                indexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of("inventory.health.http.enabled", "true", "inventory.health.http.port", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void sessionMBeanCountsARealSessionAndBadInput() throws Exception {
        assertThat(SESSIONS.toString()).isEqualTo("io.inventorysync:type=Sessions,name=inventory-sync");
        long completed = (Long) jmx.getAttribute(SESSIONS, "SessionsCompleted");
        long unknown = (Long) jmx.getAttribute(SESSIONS, "MessagesUnknownSession");
        long outOfRange = (Long) jmx.getAttribute(SESSIONS, "MessagesOutOfRange");
        long unverifiable = (Long) jmx.getAttribute(SESSIONS, "MessagesUnverifiable");
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            List<Item> items = packages(20);
            long session = agent.start(start("301", items.size())).session();
            assertThat(jmx.getAttribute(SESSIONS, "OpenSessions")).isEqualTo(1);
            assertThat(jmx.getAttribute(SESSIONS, "PendingItems")).isEqualTo(20L);
            agent.send(session, 25, items.get(0)); // out of range
            router.publish(AgentMessages.end(12345L)); // unknown session
            router.publish(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // unverifiable
            assertThat(agent.sync(start("302", items.size()), items, Set.of())
                            .end()
                            .status())
                    .isEqualTo(Status.Ok);
            agent.sendItems(session, items, Set.of());
            router.publish(AgentMessages.end(session));
            assertThat(SessionFlows.finalEndAck(agent)).isEqualTo(Status.Ok);
        }
        assertThat((Long) jmx.getAttribute(SESSIONS, "SessionsCompleted") - completed)
                .isEqualTo(2);
        assertThat((Long) jmx.getAttribute(SESSIONS, "MessagesUnknownSession") - unknown)
                .isEqualTo(1);
        assertThat((Long) jmx.getAttribute(SESSIONS, "MessagesOutOfRange") - outOfRange)
                .isEqualTo(1);
        assertThat((Long) jmx.getAttribute(SESSIONS, "MessagesUnverifiable") - unverifiable)
                .isEqualTo(1);
        assertThat(jmx.getAttribute(SESSIONS, "OpenSessions")).isEqualTo(0);
        assertThat(jmx.getAttribute(SESSIONS, "PendingItems")).isEqualTo(0L);
        assertThat(jmx.getAttribute(SESSIONS, "IndexerHostsUsable")).isEqualTo(1);
        for (String counter : List.of(
                "SessionsFailed",
                "SessionsExpired",
                "ProtocolErrors",
                "ResponsesDropped",
                "SessionsStarted",
                "StartsRefused",
                "SessionsReplaced",
                "MessagesIgnored",
                "BadCommands")) {
            assertThat(jmx.getAttribute(SESSIONS, counter)).as(counter).isInstanceOf(Long.class);
        }
    }

    @Test
    void routesHaveTheirDocumentedIdsInJmx() throws Exception {
        Set<ObjectName> routes =
                jmx.queryNames(new ObjectName("org.apache.camel:context=inventory-sync,type=routes,*"), null);
        List<String> ids = routes.stream()
                .map(n -> n.getKeyProperty("name").replace("\"", ""))
                .sorted()
                .toList();
        assertThat(ids)
                .containsExactly(
                        "agent-commands",
                        "fullsession-agent-deletion",
                        "fullsession-ingress",
                        "indexer-health",
                        "router-dispatch",
                        "router-ingress",
                        "router-subscriber",
                        "session-aggregate",
                        "session-data",
                        "session-expiry",
                        "session-indexing",
                        "session-keepalive",
                        "session-start");
    }

    @Test
    void healthChecksOverJmx() throws Exception {
        ObjectName health =
                new ObjectName("org.apache.camel:context=inventory-sync,type=health,name=DefaultHealthCheck");
        assertThat(jmx.isRegistered(health)).isTrue();
        @SuppressWarnings("unchecked")
        List<String> ids = new ArrayList<>((Collection<String>) jmx.getAttribute(health, "HealthChecksIDs"));
        assertThat(ids).contains("rocksdb-store", "indexer");
        assertThat(jmx.getAttribute(health, "Healthy")).isEqualTo(true);
        String indexer =
                (String) jmx.invoke(health, "invoke", new Object[] {"indexer"}, new String[] {"java.lang.String"});
        assertThat(indexer).contains("UP");
        String store = (String)
                jmx.invoke(health, "invoke", new Object[] {"rocksdb-store"}, new String[] {"java.lang.String"});
        assertThat(store).contains("UP");
    }

    @Test
    void healthChecksOverHttpOnLoopback() throws Exception {
        int port = service.bean("healthHttpServer", HealthHttpServer.class).port();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        List<String> up = new ArrayList<>();
        body.path("checks")
                .forEach(c ->
                        up.add(c.path("name").asText() + "=" + c.path("status").asText()));
        assertThat(up).contains("rocksdb-store=UP", "indexer=UP");
        JsonNode indexer = null;
        for (JsonNode c : body.path("checks")) {
            indexer = "indexer".equals(c.path("name").asText()) ? c : indexer;
        }
        assertThat(indexer.path("data").toString()).contains("usable (");
    }

    @Test
    void storeCheckGoesDownWhenTheStoreIsClosed(@TempDir Path dir) throws Exception {
        RocksDBStore store = new RocksDBStore(dir.resolve("probe"));
        var check = new RocksDBStoreHealthCheck(store);
        check.setCamelContext(service.context());
        store.start();
        assertThat(check.call().getState().name()).isEqualTo("UP");
        store.stop();
        assertThat(check.call().getState().name()).isEqualTo("DOWN");
    }

    static StartSpec start(String agentId, long size) {
        return StartSpec.defaults()
                .agentid(agentId)
                .mode(Mode.ModuleFull)
                .size(size)
                .indices(List.of(PACKAGES));
    }

    static List<Item> packages(int n) {
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(new Value(
                    Operation.Upsert,
                    "pkg-" + i,
                    PACKAGES,
                    0,
                    ("{\"package\":{\"name\":\"pkg-" + i + "\"}}").getBytes(StandardCharsets.UTF_8)));
        }
        return items;
    }
}
