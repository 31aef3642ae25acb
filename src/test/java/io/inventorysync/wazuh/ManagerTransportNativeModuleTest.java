package io.inventorysync.wazuh;

import static io.inventorysync.wazuh.ManagerTransportSessionTest.packages;
import static io.inventorysync.wazuh.ManagerTransportSessionTest.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.SessionStats;
import io.inventorysync.router.ProviderLink;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.ManagerEmulator;
import io.inventorysync.testsupport.RouterBrokerEmulator;
import io.inventorysync.testsupport.ServiceBesideManager;
import io.inventorysync.testsupport.TestIndexer;
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
 * The manager's native inventory_sync module subscribes with the same id when modulesd (re)starts, and the broker
 * delivers to the last subscriber (wazuh-manager-transport.md §6): after a broker restart the service waits its
 * settle delay before subscribing, so it is the one that receives the agents' messages.
 */
@ExtendWith(TestIndexer.Extension.class)
class ManagerTransportNativeModuleTest {

    private static ServiceBesideManager running;
    private static ManagerEmulator manager;
    private static SessionStats stats;

    @BeforeAll
    static void startService(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        running =
                ServiceBesideManager.start(testIndexer, dir, Map.of("inventory.wazuh.resubscribe-settle-delay", "1s"));
        manager = running.manager();
        stats = running.service().bean("sessionStats", SessionStats.class);
    }

    @AfterAll
    static void stopService() throws Exception {
        running.close();
    }

    @Test
    void afterAModulesdRestartTheServiceSubscribesAfterTheNativeModule() throws Exception {
        RouterBrokerEmulator broker = manager.broker();
        long subscriptions = broker.subscriptions();
        broker.restart();
        // modulesd's own module subscribes as soon as the broker is up again
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            broker.subscriber("inventory-sync-module").close();
            return true;
        });
        try (RouterBrokerEmulator.OtherSubscriber nativeModule = broker.subscriber("inventory-sync-module")) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> broker.subscriptions() > subscriptions + 2 && stats.isRouterSubscribed());
            long nativeFrames = nativeModule.frames();
            try (ProviderLink link = manager.link("070")) {
                SimulatedAgent.Result result =
                        new SimulatedAgent(link).sync(start("70", Mode.ModuleFull), packages("070", 10), Set.of());
                assertThat(result.end().status()).isEqualTo(Status.Ok);
            }
            assertThat(nativeModule.frames())
                    .as("frames delivered to the native module")
                    .isEqualTo(nativeFrames);
        }
    }
}
