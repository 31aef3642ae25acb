package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Pair;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.DataValueSpec;
import io.inventorysync.protocol.Responses;
import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * A 200,000-item session with every other item missing (behaviour.md §3): each ReqRet carries the first ranges that
 * fit in one datagram of the manager's response path, the next follows by itself once the agent resent those, and
 * the session ends with EndAck{Ok} and every item indexed.
 */
@ExtendWith(TestIndexer.Extension.class)
class BoundedReqRetSessionTest {

    private static final int SIZE = 200_000;
    private static final String INDEX = SessionSyncTest.PACKAGES;
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
    void everyReqRetFitsAndTheSessionCompletes() throws Exception {
        List<Item> items = new ArrayList<>(SIZE);
        Set<Long> odd = new HashSet<>();
        for (int i = 0; i < SIZE; i++) {
            items.add(new Value(
                    Wazuh.SyncSchema.Operation.Upsert,
                    "p" + i,
                    INDEX,
                    0,
                    ("{\"package\":{\"name\":\"p" + i + "\"}}").getBytes(StandardCharsets.UTF_8)));
            if (i % 2 == 1) {
                odd.add((long) i);
            }
        }
        try (RouterClient router = service.connect()) {
            SimulatedAgent agent = new SimulatedAgent(router);
            long session = agent.start(SessionSyncTest.start("80", Mode.ModuleFull, SIZE))
                    .session();
            agent.sendItems(session, items, odd);
            router.publish(AgentMessages.end(session));
            int rounds = 0;
            long resent = 0;
            while (true) {
                RouterFrame frame = router.receive();
                // the whole frame under 64 KiB, the FlatBuffer within the datagram budget
                assertThat(frame.wireSize()).isLessThan(65_536);
                assertThat(frame.body().length).isLessThanOrEqualTo(Responses.MAX_RESPONSE_BYTES);
                Message m = Message.getRootAsMessage(ByteBuffer.wrap(frame.body()));
                if (m.contentType() == MessageType.ReqRet) {
                    rounds++;
                    resent += resend(router, session, items, (ReqRet) m.content(new ReqRet()));
                    continue;
                }
                assertThat(m.contentType()).isEqualTo(MessageType.EndAck);
                EndAck ack = (EndAck) m.content(new EndAck());
                if (ack.status() != Status.Processing) {
                    assertThat(ack.status()).isEqualTo(Status.Ok);
                    break;
                }
            }
            assertThat(resent).isEqualTo(SIZE / 2);
            // 100,000 single-item gaps, at most MAX_REQRET_RANGES per ReqRet, none asked twice
            assertThat(rounds).isEqualTo((SIZE / 2 + Responses.MAX_REQRET_RANGES - 1) / Responses.MAX_REQRET_RANGES);
        }
        assertThat(indexer.count(INDEX, "080")).isEqualTo(SIZE);
    }

    /** Resends the listed items in DataBatches of at most 500; returns how many. */
    private static long resend(RouterClient router, long session, List<Item> items, ReqRet reqRet) throws Exception {
        List<DataValueSpec> batch = new ArrayList<>();
        long sent = 0;
        Pair p = new Pair();
        for (int i = 0; i < reqRet.seqLength(); i++) {
            reqRet.seq(p, i);
            for (long seq = p.begin(); seq <= p.end(); seq++) {
                Value v = (Value) items.get((int) seq);
                batch.add(new DataValueSpec(seq, session, v.operation(), v.id(), v.index(), v.version(), v.data()));
                sent++;
                if (batch.size() == 500) {
                    router.publish(AgentMessages.dataBatch(batch));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            router.publish(AgentMessages.dataBatch(batch));
        }
        return sent;
    }
}
