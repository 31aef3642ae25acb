package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Value;
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
 * A bulk item answered 409 is acknowledged only for the versioned upsert (a stored newer version, behaviour.md §5): the
 * service sends {@code index} and {@code delete} without versions, so a 409 on them means the item was not written.
 */
@ExtendWith(TestIndexer.Extension.class)
class BulkConflictSessionTest {

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
    void aConflictOnAnIndexActionFailsTheSession() throws Exception {
        proxy.answer(FaultProxy.path("/_bulk"), 200, conflict("index"), 1);
        assertThat(delta("93", 0)).isEqualTo(Status.Error);
    }

    @Test
    void aConflictOnADeleteFailsTheSession() throws Exception {
        proxy.answer(FaultProxy.path("/_bulk"), 200, conflict("delete"), 1);
        assertThat(sync("94", new Value(Operation.Delete, "pkg-0", SessionSyncTest.PACKAGES, 0, null)))
                .isEqualTo(Status.Error);
    }

    @Test
    void aConflictOfAVersionedUpsertIsAcknowledged() throws Exception {
        proxy.answer(FaultProxy.path("/_bulk"), 200, conflict("update"), 1);
        assertThat(delta("95", 7)).isEqualTo(Status.Ok);
    }

    private static String conflict(String action) {
        return "{\"took\":1,\"errors\":true,\"items\":[{\"" + action
                + "\":{\"_index\":\"wazuh-states-inventory-packages\","
                + "\"_id\":\"x\",\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"conflict\"}}}]}";
    }

    private static byte delta(String agent, long version) throws Exception {
        Value pkg = SessionSyncTest.pkg(0, 1);
        return sync(agent, new Value(pkg.operation(), pkg.id(), pkg.index(), version, pkg.data()));
    }

    private static byte sync(String agent, Value item) throws Exception {
        try (RouterClient router = service.connect()) {
            return new SimulatedAgent(router)
                    .sync(SessionSyncTest.start(agent, Mode.ModuleDelta, 1), List.of(item), Set.of())
                    .end()
                    .status();
        }
    }
}
