package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.metrics.SessionStats;
import io.inventorysync.simulator.FullSessionClient;
import io.inventorysync.simulator.FullSessionClient.Answer;
import io.inventorysync.simulator.FullSessionMessages;
import io.inventorysync.simulator.FullSessionStart;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedInventory;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A 50,000-item FullSession, and 20 agents posting at once: all answered 200, all indexed, no body left held. */
@ExtendWith(TestIndexer.Extension.class)
class FullSessionLoadTest {

    private static RunningService service;
    private static IndexerQueries indexer;
    private static FullSessionClient client;

    @BeforeAll
    static void start(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        Path socket = dir.resolve("fs.sock");
        service = RunningService.start(
                testIndexer.writeOssecConf(dir),
                dir.resolve("store"),
                Map.of("inventory.fullsession.enabled", "true", "inventory.fullsession.socket", socket.toString()));
        indexer = new IndexerQueries(testIndexer, dir);
        client = FullSessionClient.unix(socket);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        indexer.close();
    }

    @Test
    void aFiftyThousandItemSessionIsIndexedInBoundedChunks() throws Exception {
        List<Item> items = SimulatedInventory.items("6301", 50_000, false, 0);
        ByteBuffer body = FullSessionMessages.syncData(start("6301"), items);
        assertThat(body.remaining()).isGreaterThan(10 << 20);
        Answer answer = client.post("6301", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(indexed("6301")).isEqualTo(SimulatedInventory.upserts(items));
        assertThat(service.bean("sessionStats", SessionStats.class).getFullSessionBytesInFlight())
                .isZero();
    }

    @Test
    void twentyAgentsAtOnceAreAllIndexed() throws Exception {
        ExecutorService agents = Executors.newFixedThreadPool(20);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String agent = Integer.toString(6400 + i);
                ByteBuffer body =
                        FullSessionMessages.syncData(start(agent), SimulatedInventory.items(agent, 500, false, 0));
                answers.add(agents.submit(() -> client.post(agent, body)));
            }
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(200);
            }
        } finally {
            agents.shutdownNow();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(indexed(Integer.toString(6400 + i))).isEqualTo(500);
        }
        assertThat(service.bean("sessionStats", SessionStats.class).getFullSessionBytesInFlight())
                .isZero();
    }

    private static FullSessionStart start(String agent) {
        return FullSessionStart.defaults()
                .agentid(agent)
                .indices(List.of(SimulatedInventory.PACKAGES, SimulatedInventory.PROCESSES));
    }

    private static long indexed(String agent) {
        return indexer.count(SimulatedInventory.PACKAGES, agent) + indexer.count(SimulatedInventory.PROCESSES, agent);
    }
}
