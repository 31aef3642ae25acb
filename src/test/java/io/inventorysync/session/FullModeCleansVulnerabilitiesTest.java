package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
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

/** ModuleFull deletes the agent's documents in every allowlisted Start index, wazuh-states-vulnerabilities included (§5 step 2). */
@ExtendWith(TestIndexer.Extension.class)
class FullModeCleansVulnerabilitiesTest {

    private static final String VULNERABILITIES = "wazuh-states-vulnerabilities";

    @Test
    void theAgentsVulnerabilitiesAreCleanedAndNoOtherAgents(TestIndexer testIndexer, @TempDir Path dir)
            throws Exception {
        try (RunningService service =
                        RunningService.start(testIndexer.writeOssecConf(dir), dir.resolve("store"), Map.of());
                IndexerQueries indexer = new IndexerQueries(testIndexer, dir);
                RouterClient router = service.connect()) {
            indexer.call(
                    "PUT",
                    "/" + VULNERABILITIES + "/_doc/v97?refresh=true",
                    "{\"wazuh\":{\"agent\":{\"id\":\"097\"},\"cluster\":{\"name\":\"wazuh\"}}}");
            indexer.call(
                    "PUT",
                    "/" + VULNERABILITIES + "/_doc/v98?refresh=true",
                    "{\"wazuh\":{\"agent\":{\"id\":\"098\"},\"cluster\":{\"name\":\"wazuh\"}}}");
            var items = SessionSyncTest.packages(2, 1);
            var start = SessionSyncTest.start("97", Mode.ModuleFull, items.size())
                    .indices(List.of(SessionSyncTest.PACKAGES, VULNERABILITIES));
            assertThat(new SimulatedAgent(router)
                            .sync(start, items, Set.of())
                            .end()
                            .status())
                    .isEqualTo(Status.Ok);
            assertThat(indexer.source(VULNERABILITIES, "v97")).isNull();
            assertThat(indexer.source(VULNERABILITIES, "v98")).isNotNull();
            assertThat(indexer.count(SessionSyncTest.PACKAGES, "097")).isEqualTo(2);
        }
    }
}
