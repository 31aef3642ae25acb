package io.inventorysync.wazuh;

import static io.inventorysync.wazuh.ManagerTransportSessionTest.start;
import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import io.inventorysync.router.ProviderLink;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.ManagerEmulator;
import io.inventorysync.testsupport.ServiceBesideManager;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every response fits one datagram remoted takes (under 64 KiB, behaviour.md §3): a session with 100,000 gaps is
 * asked for them in bounded ReqRets, the next one sent by the service itself when the last one's ranges arrived, and
 * it ends with EndAck{Ok}.
 */
@ExtendWith(TestIndexer.Extension.class)
class ManagerTransportReqRetBoundTest {

    private static final int ITEMS = 200_000;

    private static ServiceBesideManager running;
    private static ManagerEmulator manager;
    private static IndexerQueries indexer;

    @BeforeAll
    static void startService(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        running = ServiceBesideManager.start(testIndexer, dir, Map.of());
        manager = running.manager();
        indexer = new IndexerQueries(testIndexer, dir);
    }

    @AfterAll
    static void stopService() throws Exception {
        running.close();
        indexer.close();
    }

    @Test
    void everyOtherItemMissingIsAskedForInBoundedReqRetsAndTheSessionEndsOk() throws Exception {
        String index = "wazuh-states-inventory-gaps";
        List<Item> items = new AbstractList<>() {
            @Override
            public Item get(int i) {
                return new Value(
                        Operation.Upsert, "i" + i, index, 0, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public int size() {
                return ITEMS;
            }
        };
        Set<Long> odd = new HashSet<>();
        for (long seq = 1; seq < ITEMS; seq += 2) {
            odd.add(seq);
        }
        try (ProviderLink link = manager.link("080")) {
            SimulatedAgent agent = new SimulatedAgent(link);
            long session = agent.start(start("80", Mode.ModuleFull).size(ITEMS)).session();
            agent.sendItems(session, items, odd);
            SimulatedAgent.Ended ended = agent.end(session, items);
            assertThat(ended.ack()).isNotNull();
            assertThat(ended.ack().status()).isEqualTo(Status.Ok);
            // 100,000 one-item gaps: ~2,300 ranges fit in a response, so many rounds, none of them dropped
            assertThat(ended.reqRetRounds()).isGreaterThan(20);
        }
        assertThat(manager.ar().rejected()).isEmpty();
        assertThat(manager.ar().largestDatagram()).isLessThan(65_534);
        assertThat(indexer.count(index, "080")).isEqualTo(ITEMS);
    }
}
