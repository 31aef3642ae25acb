package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.simulator.SimulatedInventory;
import io.inventorysync.simulator.Simulation;
import io.inventorysync.simulator.SimulationSummary;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One running service serving both generations at once: first-generation agents over the TCP router listener and
 * second-generation FullSessions over the door's Unix socket, on two threads, distinct agents; every session ok and
 * every document of both in the real indexer.
 */
@ExtendWith(TestIndexer.Extension.class)
class BothGenerationsTest {

    private static final int FIRST_GEN_AGENT = 710;
    private static final int SECOND_GEN_AGENT = 750;
    private static final int AGENTS = 6;
    private static final int ITEMS = 300;

    private static RunningService service;
    private static IndexerQueries indexer;
    private static Path socket;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        socket = dir.resolve("fs.sock");
        service = RunningService.start(
                testIndexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of("inventory.fullsession.enabled", "true", "inventory.fullsession.socket", socket.toString()));
        indexer = new IndexerQueries(testIndexer, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void bothGenerationsAtOnceAreAllIndexed() throws Exception {
        Simulation.Options first = new Simulation.Options(
                "127.0.0.1", service.port(), AGENTS, ITEMS, false, 3, FIRST_GEN_AGENT, Duration.ofSeconds(60), 3);
        Simulation.Options second = new Simulation.Options(
                "127.0.0.1",
                service.port(),
                AGENTS,
                ITEMS,
                false,
                3,
                SECOND_GEN_AGENT,
                Duration.ofSeconds(60),
                3,
                2,
                socket);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<SimulationSummary> firstRun = CompletableFuture.supplyAsync(() -> run(first), threads);
            CompletableFuture<SimulationSummary> secondRun = CompletableFuture.supplyAsync(() -> run(second), threads);
            SimulationSummary one = firstRun.get(5, TimeUnit.MINUTES);
            SimulationSummary two = secondRun.get(5, TimeUnit.MINUTES);

            assertThat(one.ok()).as(one.report()).isEqualTo(AGENTS);
            assertThat(one.errors()).isZero();
            assertThat(one.documents()).isEqualTo(AGENTS * ITEMS);
            assertThat(two.ok()).as(two.report()).isEqualTo(AGENTS);
            assertThat(two.errors()).isZero();
            assertThat(two.retries()).isZero();
            assertThat(two.documents()).isEqualTo(AGENTS * ITEMS);
        } finally {
            threads.shutdownNow();
        }
        for (int i = 0; i < AGENTS; i++) {
            assertThat(documents(FIRST_GEN_AGENT + i))
                    .as("agent %d", FIRST_GEN_AGENT + i)
                    .isEqualTo(ITEMS);
            assertThat(documents(SECOND_GEN_AGENT + i))
                    .as("agent %d", SECOND_GEN_AGENT + i)
                    .isEqualTo(ITEMS);
        }
    }

    private static SimulationSummary run(Simulation.Options options) {
        try {
            return new Simulation(options).run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long documents(int agent) {
        String id = Integer.toString(agent);
        return indexer.count(SimulatedInventory.PACKAGES, id) + indexer.count(SimulatedInventory.PROCESSES, id);
    }
}
