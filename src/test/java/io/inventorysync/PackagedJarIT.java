package io.inventorysync;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.TestIndexer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.AvailablePortFinder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service as operators run it — {@code java -jar target/inventory-sync.jar} from the project root,
 * with config/ and routes/ read from disk — syncs a session into the real indexer and stops on SIGTERM.
 */
@ExtendWith(TestIndexer.Extension.class)
class PackagedJarIT {

    @Test
    void jarRunsASyncAndStopsOnSigterm(TestIndexer indexer, @TempDir Path dir) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Path log = dir.resolve("service.log");
        Process service = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-Dinventory.router.transport=tcp",
                        "-Dinventory.router.port=" + port,
                        "-Dinventory.ossec-conf=" + indexer.writeOssecConf(dir),
                        "-Dinventory.storage.path=" + dir.resolve("store"),
                        "-jar",
                        "target/inventory-sync.jar")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            awaitPort(service, port, log);
            try (RouterClient router = new RouterClient("127.0.0.1", port, 60_000)) {
                List<SimulatedAgent.Item> items = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    items.add(new SimulatedAgent.Value(
                            Operation.Upsert,
                            "jar-" + i,
                            "wazuh-states-inventory-packages",
                            0,
                            ("{\"package\":{\"name\":\"jar-" + i + "\"}}").getBytes(StandardCharsets.UTF_8)));
                }
                SimulatedAgent.Result result = new SimulatedAgent(router)
                        .sync(
                                StartSpec.defaults()
                                        .agentid("90")
                                        .mode(Mode.ModuleFull)
                                        .indices(List.of("wazuh-states-inventory-packages")),
                                items,
                                Set.of());
                assertThat(result.end().status()).as("service log %s", log).isEqualTo(Status.Ok);
            }
        } finally {
            service.destroy();
            boolean exited = service.waitFor(60, TimeUnit.SECONDS);
            assertThat(exited).as("service stops on SIGTERM; log %s", log).isTrue();
        }
        assertThat(Files.readString(log)).contains("inventory-sync").doesNotContain("Exception in thread");
    }

    /** Polls the router port until the service listens (it opens after the first indexer probe); bounded. */
    private static void awaitPort(Process service, int port, Path log) throws Exception {
        Awaitility.await("service opens port " + port)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!service.isAlive()) {
                        throw new AssertionError(
                                "service exited with " + service.exitValue() + ": " + Files.readString(log));
                    }
                    try (Socket ignored = new Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }
}
