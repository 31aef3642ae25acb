package io.inventorysync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.simulator.FullSessionClient;
import io.inventorysync.simulator.FullSessionMessages;
import io.inventorysync.simulator.FullSessionStart;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedInventory;
import io.inventorysync.simulator.Simulation;
import io.inventorysync.simulator.SimulationSummary;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generation-2 simulator against the running service's FullSession door and the real indexer (SimulatorTest's
 * checks, over {@code POST /stateful}): its summary matches what was indexed. Enable once the door is merged.
 */
@ExtendWith(TestIndexer.Extension.class)
class FullSessionSimulatorTest {

    private static RunningService service;
    private static IndexerQueries indexer;
    private static Path socket;
    private static int tcpPort;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        socket = dir.resolve("fs.sock");
        tcpPort = AvailablePortFinder.getNextAvailable();
        service = RunningService.start(
                testIndexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of(
                        "inventory.fullsession.enabled", "true",
                        "inventory.fullsession.socket", socket.toString(),
                        "inventory.fullsession.port", Integer.toString(tcpPort)));
        indexer = new IndexerQueries(testIndexer, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void fullResyncOfEightAgentsThreeAtATimeIsAllIndexed() throws Exception {
        SimulationSummary summary = new Simulation(options(840, 8, 250, false, 3, socket)).run();
        assertThat(summary.ok()).isEqualTo(8);
        assertThat(summary.errors()).isZero();
        assertThat(summary.retries()).isZero();
        assertThat(summary.documents()).isEqualTo(8 * 250);
        assertThat(summary.startAckNanos()).hasSize(8); // Cleans answers
        assertThat(summary.endAckNanos()).hasSize(8); // SyncData answers
        // 200 only once the indexer accepted every request of the session: searchable after a refresh
        assertThat(indexed(840, 847)).isEqualTo(summary.documents());
        assertThat(summary.report()).contains("8 ok, 0 error (of 8)", "documents   2000", "SyncData");
    }

    @Test
    void deltaUpsertsAndDeletesAfterAFullResync() throws Exception {
        assertThat(new Simulation(options(860, 2, 100, false, 1, socket)).run().ok())
                .isEqualTo(2);
        SimulationSummary delta = new Simulation(options(860, 2, 100, true, 2, socket)).run();
        assertThat(delta.ok()).isEqualTo(2);
        // one item in ten is a delete: 90 documents left per agent
        assertThat(indexed(860, 861)).isEqualTo(2 * 90);
        // a second full resync cleans first: the deleted items come back, nothing is left twice
        assertThat(new Simulation(options(860, 2, 100, false, 2, socket)).run().ok())
                .isEqualTo(2);
        assertThat(indexed(860, 861)).isEqualTo(2 * 100);
    }

    @Test
    void theTcpDoorServesTheSameSessions() throws Exception {
        SimulationSummary summary = new Simulation(options(880, 3, 50, false, 3, null)).run();
        assertThat(summary.ok()).isEqualTo(3);
        assertThat(indexed(880, 882)).isEqualTo(3 * 50);
    }

    @Test
    void aSessionOfAnotherAgentIsForbiddenAndADeletedAgentHasNoDocumentsLeft() throws Exception {
        FullSessionClient client = FullSessionClient.unix(socket);
        List<Item> items = SimulatedInventory.items("890", 20, false, 0);
        FullSessionStart start = FullSessionStart.defaults()
                .agentid("890")
                .indices(List.of(SimulatedInventory.PACKAGES, SimulatedInventory.PROCESSES));
        assertThat(client.post("891", FullSessionMessages.syncData(start, items))
                        .status())
                .isEqualTo(403);
        assertThat(client.post("890", FullSessionMessages.syncData(start, items))
                        .status())
                .isEqualTo(200);
        assertThat(indexed(890, 890)).isEqualTo(20);
        assertThat(client.deleteAgent("890").status()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> indexed(890, 890) == 0);
    }

    private static Simulation.Options options(
            int firstAgent, int agents, int items, boolean delta, int connections, Path door) {
        return new Simulation.Options(
                "127.0.0.1",
                tcpPort,
                agents,
                items,
                delta,
                connections,
                firstAgent,
                Duration.ofSeconds(60),
                3,
                2,
                door);
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
