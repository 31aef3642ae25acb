package io.inventorysync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import Wazuh.SyncSchema.Operation;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.simulator.SimulatedInventory;
import io.inventorysync.simulator.Simulation;
import io.inventorysync.simulator.SimulationSummary;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import io.inventorysync.tools.Simulate;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The agent simulator against the running service and the real indexer: its summary matches what was indexed. */
@ExtendWith(TestIndexer.Extension.class)
class SimulatorTest {

    private static RunningService service;
    private static IndexerQueries indexer;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        service = RunningService.start(testIndexer.writeOssecConf(dir), dir.resolve("store"), Map.of());
        indexer = new IndexerQueries(testIndexer, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void fullSyncOfEightAgentsOverThreeConnectionsIsAllIndexed() throws Exception {
        SimulationSummary summary = new Simulation(options(800, 8, 250, false, 3)).run();
        assertThat(summary.ok()).isEqualTo(8);
        assertThat(summary.errors()).isZero();
        assertThat(summary.documents()).isEqualTo(8 * 250);
        assertThat(summary.startAckNanos()).hasSize(8);
        assertThat(summary.endAckNanos()).hasSize(8);
        assertThat(indexed(800, 807)).isEqualTo(summary.documents());
        assertThat(summary.report()).contains("8 ok, 0 error (of 8)", "documents   2000", "p50", "p99");
    }

    @Test
    void deltaUpsertsAndDeletes() throws Exception {
        assertThat(new Simulation(options(820, 2, 100, false, 1)).run().ok()).isEqualTo(2);
        SimulationSummary delta = new Simulation(options(820, 2, 100, true, 2)).run();
        assertThat(delta.ok()).isEqualTo(2);
        // one item in ten is a delete: 90 documents left per agent
        assertThat(indexed(820, 821)).isEqualTo(2 * 90);
    }

    @Test
    void packagesLookLikeSyscollectorDocuments() {
        List<Item> items = SimulatedInventory.items("001", 10, false, 0);
        Value pkg = (Value) items.get(0);
        String json = new String(pkg.data(), StandardCharsets.UTF_8);
        assertThat(pkg.index()).isEqualTo(SimulatedInventory.PACKAGES);
        assertThat(json)
                .contains(
                        "\"package\":{\"name\":",
                        "\"version\"",
                        "\"architecture\"",
                        "\"vendor\"",
                        "\"description\"",
                        "\"size\"",
                        "\"installed\"");
        assertThat(pkg.data().length).isBetween(300, 600);
        assertThat(((Value) items.get(4)).index()).isEqualTo(SimulatedInventory.PROCESSES);
        assertThat(SimulatedInventory.items("001", 10, true, 5).stream()
                        .filter(i -> ((Value) i).operation() == Operation.Delete))
                .hasSize(1);
    }

    @Test
    void commandLineOptions() throws Exception {
        Simulation.Options o = parse(
                "--agents",
                "7",
                "--items",
                "30",
                "--mode",
                "delta",
                "--port",
                "9999",
                "--connections",
                "20",
                "--first-agent",
                "100");
        assertThat(o.agents()).isEqualTo(7);
        assertThat(o.items()).isEqualTo(30);
        assertThat(o.delta()).isTrue();
        assertThat(o.port()).isEqualTo(9999);
        assertThat(o.connections()).isEqualTo(7); // never more connections than agents
        assertThat(o.firstAgent()).isEqualTo(100);
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(o.answerWait()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> parse("--mode", "half")).hasMessageContaining("full or delta");
        assertThatThrownBy(() -> parse("--agents", "0")).hasMessageContaining("positive");
    }

    private static Simulation.Options parse(String... args) throws Exception {
        var parse = Simulate.class.getDeclaredMethod("parse", String[].class);
        parse.setAccessible(true);
        try {
            return (Simulation.Options) parse.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static Simulation.Options options(int firstAgent, int agents, int items, boolean delta, int connections) {
        return new Simulation.Options(
                "127.0.0.1", service.port(), agents, items, delta, connections, firstAgent, Duration.ofSeconds(60), 3);
    }

    /** Documents of agents {@code from..to} in the packages and processes indices. */
    private static long indexed(int from, int to) {
        return indexer.call(
                        "POST",
                        "/" + SimulatedInventory.PACKAGES + "," + SimulatedInventory.PROCESSES
                                + "/_count?ignore_unavailable=true",
                        "{\"query\":{\"range\":{\"wazuh.agent.id\":{\"gte\":\"" + from + "\",\"lte\":\"" + to
                                + "\"}}}}")
                .path("count")
                .asLong();
    }
}
