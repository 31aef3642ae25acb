package io.inventorysync.wazuh;

import static io.inventorysync.wazuh.ManagerTransportSessionTest.packages;
import static io.inventorysync.wazuh.ManagerTransportSessionTest.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.metrics.SessionStats;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.router.ProviderLink;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.ManagerEmulator;
import io.inventorysync.testsupport.RemotedArQueue;
import io.inventorysync.testsupport.RouterBrokerEmulator;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.ServiceBesideManager;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's processes go away and come back, or send what they should not: the service subscribes again, keeps
 * answering, counts what it lost, and never stops (wazuh-manager-transport.md §3-4).
 */
@ExtendWith(TestIndexer.Extension.class)
class ManagerTransportRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ServiceBesideManager running;
    private static ManagerEmulator manager;
    private static RunningService service;
    private static ServiceMetrics metrics;
    private static SessionStats stats;

    @BeforeAll
    static void startService(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        running = ServiceBesideManager.start(testIndexer, dir, Map.of());
        manager = running.manager();
        service = running.service();
        metrics = service.bean("serviceMetrics", ServiceMetrics.class);
        stats = service.bean("sessionStats", SessionStats.class);
    }

    @AfterAll
    static void stopService() throws Exception {
        running.close();
    }

    @Test
    void aBrokerRestartIsFollowedByANewSubscriptionAndSessionsSucceedAgain() throws Exception {
        assertThat(sync("060")).isEqualTo(Status.Ok);
        long subscriptions = manager.broker().subscriptions();
        long reconnects = metrics.routerReconnects.sum();
        manager.broker().restart();
        await().atMost(WAIT)
                .until(() -> manager.broker().subscriptions() > subscriptions && stats.isRouterSubscribed());
        assertThat(metrics.routerReconnects.sum()).isGreaterThan(reconnects);
        assertThat(sync("061")).isEqualTo(Status.Ok);
    }

    @Test
    void whileTheBrokerRefusesInitProviderTheServiceIsNotReadyAndKeepsTrying() throws Exception {
        manager.broker().answerInitProvider("{\"Result\":\"Already initialized\"}".getBytes(StandardCharsets.US_ASCII));
        long errors = metrics.routerControlErrors.sum();
        manager.broker().restart();
        await().atMost(WAIT).until(() -> metrics.routerControlErrors.sum() >= errors + 2);
        assertThat(stats.isRouterSubscribed()).isFalse();
        assertThat(service.context()
                        .getRegistry()
                        .lookupByNameAndType("routerSubscription", SubscriptionStatus.class)
                        .lastError())
                .contains("Already initialized");
        manager.broker().answerInitProvider(RouterBrokerEmulator.OK);
        await().atMost(WAIT).until(stats::isRouterSubscribed);
        assertThat(sync("062")).isEqualTo(Status.Ok);
    }

    @Test
    void remotedGoingAwayDropsAndCountsResponsesUntilItIsBack() throws Exception {
        RemotedArQueue ar = manager.ar();
        long unreachable = metrics.responsesUnreachable.sum();
        ar.stop();
        try (ProviderLink link = manager.link("063")) {
            link.publish(AgentMessages.start(start("63", Mode.ModuleFull).size(1)));
            await().atMost(WAIT).until(() -> metrics.responsesUnreachable.sum() > unreachable);
        }
        ar.start();
        // the same unconnected socket reaches the new remoted: no restart of the service
        assertThat(sync("064")).isEqualTo(Status.Ok);
    }

    @Test
    void aBrokenStreamOnTheTopicSocketIsCountedAndTheServiceSubscribesAgain() throws Exception {
        long protocolErrors = metrics.protocolErrors.sum();
        long subscriptions = manager.broker().subscriptions();
        // packetSize 2: no frame can be that small; the stream cannot be read past it
        manager.broker().sendRaw(new byte[] {2, 0, 0, 0, 0, 0, 0, 0});
        await().atMost(WAIT)
                .until(() -> manager.broker().subscriptions() > subscriptions && stats.isRouterSubscribed());
        assertThat(metrics.protocolErrors.sum()).isEqualTo(protocolErrors + 1);
        assertThat(sync("065")).isEqualTo(Status.Ok);
    }

    @Test
    void anOversizedFrameIsRefusedWithoutBufferingIt() throws Exception {
        long protocolErrors = metrics.protocolErrors.sum();
        long subscriptions = manager.broker().subscriptions();
        // announces 2 GiB: refused on its length alone (inventory.router.max-frame-bytes), nothing is buffered
        byte[] header = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(Integer.MAX_VALUE)
                .putInt(0)
                .array();
        manager.broker().sendRaw(header);
        await().atMost(WAIT)
                .until(() -> manager.broker().subscriptions() > subscriptions && stats.isRouterSubscribed());
        assertThat(metrics.protocolErrors.sum()).isEqualTo(protocolErrors + 1);
        assertThat(sync("066")).isEqualTo(Status.Ok);
    }

    @Test
    void aBrokenControlFrameIsNeverTakenForACommandAndMakesANewSubscription() throws Exception {
        long controlErrors = metrics.routerControlErrors.sum();
        long badCommands = metrics.badCommands.sum();
        long subscriptions = manager.broker().subscriptions();
        manager.broker().publish("{\"Result\":\"subscriber replaced\"".getBytes(StandardCharsets.US_ASCII));
        await().atMost(WAIT)
                .until(() -> manager.broker().subscriptions() > subscriptions && stats.isRouterSubscribed());
        assertThat(metrics.routerControlErrors.sum()).isEqualTo(controlErrors + 1);
        assertThat(metrics.badCommands.sum()).isEqualTo(badCommands);
        assertThat(sync("067")).isEqualTo(Status.Ok);
    }

    @Test
    void garbageThatIsWellFramedIsDroppedAndCountedOnTheSameSubscription() throws Exception {
        long badFrames = metrics.badFrames.sum();
        long subscriptions = manager.broker().subscriptions();
        manager.broker().publish(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        await().atMost(WAIT).until(() -> metrics.badFrames.sum() > badFrames);
        assertThat(manager.broker().subscriptions()).isEqualTo(subscriptions);
        assertThat(sync("068")).isEqualTo(Status.Ok);
    }

    private static byte sync(String agent3) throws Exception {
        try (ProviderLink link = manager.link(agent3)) {
            SimulatedAgent.Result result =
                    new SimulatedAgent(link).sync(start(agent3, Mode.ModuleFull), packages(agent3, 10), Set.of());
            assertThat(result.start()).as("StartAck for %s", agent3).isNotNull();
            return result.end() == null ? -1 : result.end().status();
        }
    }
}
