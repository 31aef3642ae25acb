package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Complete sessions of different agents that queued while the indexer was busy are indexed as one group (issue 16):
 * one clean and shared {@code _bulk} requests. Each item's result goes back to its own session, so a document the
 * indexer refuses fails its session only; the others of the group are acknowledged Ok with all their documents.
 */
@ExtendWith(TestIndexer.Extension.class)
class QueuedSessionsIndexedTogetherTest {

    @Test
    void aRefusedDocumentFailsOnlyItsOwnSessionOfTheGroup(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        try (RunningService service = IndexingPause.serviceWithOneIndexingThread(testIndexer, dir, Map.of());
                IndexerQueries indexer = new IndexerQueries(testIndexer, dir);
                // one connection per agent: each reads its own answers
                RouterClient a = service.connect();
                RouterClient b = service.connect();
                RouterClient c = service.connect()) {
            // package.name is a string in the index: an object there is refused by the mapping, for that document only
            indexer.call(
                    "PUT", "/" + SessionSyncTest.PACKAGES + "/_doc/mapping-seed", "{\"package\":{\"name\":\"x\"}}");
            ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
            IndexingPause.suspend(service.context());
            List<Item> refused = new ArrayList<>(SessionSyncTest.packages(2, 1));
            refused.add(new Value(
                    Operation.Upsert,
                    "pkg-bad",
                    SessionSyncTest.PACKAGES,
                    0,
                    SessionSyncTest.json("{\"package\":{\"name\":{\"not\":\"a string\"}}}")));
            SimulatedAgent first = complete(a, "81", SessionSyncTest.packages(3, 1));
            SimulatedAgent failing = complete(b, "82", refused);
            SimulatedAgent third = complete(c, "83", SessionSyncTest.packages(3, 1));
            long groups = metrics.indexingGroups.sum();

            IndexingPause.resume(service.context());
            assertThat(SessionSyncTest.finalEndAck(first).status()).isEqualTo(Status.Ok);
            assertThat(SessionSyncTest.finalEndAck(failing).status()).isEqualTo(Status.Error);
            assertThat(SessionSyncTest.finalEndAck(third).status()).isEqualTo(Status.Ok);
            assertThat(metrics.indexingGroups.sum() - groups).isEqualTo(1);
            assertThat(indexer.count(SessionSyncTest.PACKAGES, "081")).isEqualTo(3);
            assertThat(indexer.count(SessionSyncTest.PACKAGES, "083")).isEqualTo(3);
        }
    }

    /** Start, items and End of a ModuleFull session: answered EndAck{Processing}, now queued for indexing. */
    static SimulatedAgent complete(RouterClient router, String agentId, List<? extends Item> items) throws Exception {
        return complete(router, SessionSyncTest.start(agentId, Mode.ModuleFull, items.size()), items);
    }

    static SimulatedAgent complete(RouterClient router, StartSpec start, List<? extends Item> items) throws Exception {
        SimulatedAgent agent = new SimulatedAgent(router);
        long session = agent.start(start).session();
        agent.sendItems(session, items, Set.of());
        router.publish(AgentMessages.end(session));
        var answer = agent.receive();
        assertThat(answer.contentType()).isEqualTo(MessageType.EndAck);
        assertThat(((EndAck) answer.content(new EndAck())).status()).isEqualTo(Status.Processing);
        return agent;
    }
}
