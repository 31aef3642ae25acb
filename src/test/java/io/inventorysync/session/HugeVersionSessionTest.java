package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DataValue.version} and {@code Start.global_version} are ulongs; OpenSearch keeps versions as signed longs, and
 * as signed numbers the ones above 2^63-1 would compare as older than everything. Such an item is skipped (warning,
 * ItemsSkipped) and its session still succeeds; a metadata delta with such a global version fails.
 */
@ExtendWith(TestIndexer.Extension.class)
class HugeVersionSessionTest {

    private static final long ABOVE_LONG_MAX = Long.MIN_VALUE + 5; // 2^63 + 5 as a ulong

    @Test
    void itemsAboveTheLongRangeAreSkippedAndMetadataDeltasFail(TestIndexer testIndexer, @TempDir Path dir)
            throws Exception {
        try (RunningService service =
                        RunningService.start(testIndexer.writeOssecConf(dir), dir.resolve("store"), Map.of());
                IndexerQueries indexer = new IndexerQueries(testIndexer, dir);
                RouterClient router = service.connect()) {
            ServiceMetrics metrics = service.bean("serviceMetrics", ServiceMetrics.class);
            Value pkg = SessionSyncTest.pkg(1, 1);
            List<Value> items = List.of(
                    new Value(pkg.operation(), "huge", pkg.index(), ABOVE_LONG_MAX, pkg.data()),
                    new Value(pkg.operation(), "fine", pkg.index(), 3, pkg.data()));
            SimulatedAgent agent = new SimulatedAgent(router);
            assertThat(agent.sync(SessionSyncTest.start("96", Mode.ModuleDelta, items.size()), items, Set.of())
                            .end()
                            .status())
                    .isEqualTo(Status.Ok);
            assertThat(indexer.source(SessionSyncTest.PACKAGES, "wazuh_096_huge"))
                    .isNull();
            assertThat(indexer.source(SessionSyncTest.PACKAGES, "wazuh_096_fine"))
                    .isNotNull();
            assertThat(metrics.itemsSkipped.sum()).isEqualTo(1);

            StartSpec metadata = StartSpec.defaults()
                    .agentid("96")
                    .mode(Mode.MetadataDelta)
                    .size(0)
                    .globalVersion(ABOVE_LONG_MAX)
                    .indices(List.of(SessionSyncTest.PACKAGES));
            assertThat(agent.sync(metadata, List.of(), Set.of()).end().status()).isEqualTo(Status.Error);
        }
    }
}
