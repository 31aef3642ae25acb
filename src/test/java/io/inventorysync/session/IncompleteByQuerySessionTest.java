package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.testsupport.FaultProxy;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ModuleFull session's delete-by-query answered 200 but incomplete (timed out, per-document failures), or the
 * refresh before it answered 200 with failed shards: the agent's old documents may outlive the session, so it must
 * not be acknowledged Ok (behaviour.md §5). The answers come from a {@link FaultProxy} in front of the real indexer.
 */
@ExtendWith(TestIndexer.Extension.class)
class IncompleteByQuerySessionTest {

    private static FaultProxy proxy;
    private static RunningService service;

    @BeforeAll
    static void start(TestIndexer indexer, @TempDir Path dir) throws Exception {
        proxy = FaultProxy.start(indexer);
        Path conf = TestIndexer.writeOssecConf(
                dir,
                List.of(proxy.url()),
                List.of(indexer.cert("root-ca.pem")),
                indexer.cert("client.pem"),
                indexer.cert("client-key.pem"));
        service = RunningService.start(conf, dir.resolve("store"), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        proxy.close();
    }

    @Test
    void aTimedOutDeleteByQueryFailsTheSession() throws Exception {
        proxy.answer(
                r -> r.path().contains("/_delete_by_query"),
                200,
                "{\"took\":1,\"timed_out\":true,\"total\":3,\"deleted\":1,\"failures\":[]}",
                1);
        assertThat(fullSync("71")).isEqualTo(Status.Error);
        assertThat(fullSync("71")).isEqualTo(Status.Ok);
    }

    @Test
    void aDeleteByQueryWithFailuresFailsTheSession() throws Exception {
        proxy.answer(
                r -> r.path().contains("/_delete_by_query"),
                200,
                "{\"took\":1,\"timed_out\":false,\"total\":3,\"deleted\":2,\"failures\":[{\"index\":\"x\",\"id\":\"1\","
                        + "\"cause\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed\"},\"status\":400}]}",
                1);
        assertThat(fullSync("72")).isEqualTo(Status.Error);
        assertThat(fullSync("72")).isEqualTo(Status.Ok);
    }

    @Test
    void aRefreshWithFailedShardsFailsTheSession() throws Exception {
        proxy.answer(
                r -> r.path().contains("/_refresh"),
                200,
                "{\"_shards\":{\"total\":2,\"successful\":1,\"failed\":1,\"failures\":[{\"shard\":0,\"index\":\"x\","
                        + "\"reason\":{\"type\":\"exception\",\"reason\":\"failed\"}}]}}",
                1);
        assertThat(fullSync("73")).isEqualTo(Status.Error);
        assertThat(fullSync("73")).isEqualTo(Status.Ok);
    }

    private static byte fullSync(String agent) throws Exception {
        var items = SessionSyncTest.packages(3, 1);
        try (RouterClient router = service.connect()) {
            return new SimulatedAgent(router)
                    .sync(SessionSyncTest.start(agent, Mode.ModuleFull, items.size()), items, Set.of())
                    .end()
                    .status();
        }
    }
}
