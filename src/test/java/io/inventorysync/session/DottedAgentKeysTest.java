package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import com.fasterxml.jackson.databind.JsonNode;
import io.inventorysync.indexer.agent.AgentQuery;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.IndexerQueries;
import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's keys that OpenSearch would expand onto the overlay's {@code wazuh.*} fields, in any spelling, are
 * removed before the overlay (behaviour.md §12): a forged document must not match another agent's queries.
 */
@ExtendWith(TestIndexer.Extension.class)
class DottedAgentKeysTest {

    private static final String PACKAGES = SessionSyncTest.PACKAGES;

    @Test
    void forgedAgentFieldsDoNotMatchTheOtherAgentsQueries(TestIndexer testIndexer, @TempDir Path dir) throws Exception {
        List<Value> forged = List.of(
                doc(
                        "dotted",
                        "{\"wazuh.agent.id\":\"999\",\"wazuh.cluster.name\":\"other\",\"package.name\":\"kept\"}"),
                doc("inner", "{\"wazuh\":{\"agent.id\":\"999\",\"cluster.name\":\"other\"}}"),
                doc(
                        "outer",
                        "{\"wazuh.agent\":{\"id\":\"999\",\"custom\":\"kept\"},\"wazuh.cluster\":{\"name\":\"other\"}}"),
                doc(
                        "host",
                        "{\"wazuh.agent.host\":{\"os.name\":\"evil\"},\"wazuh\":{\"agent\":{\"host.os\":{\"name\":\"evil\"}}}}"),
                doc("clash", "{\"wazuh.agent\":\"not an object\",\"wazuh.agent.id.deeper\":\"999\"}"));
        try (RunningService service =
                        RunningService.start(testIndexer.writeOssecConf(dir), dir.resolve("store"), Map.of());
                IndexerQueries indexer = new IndexerQueries(testIndexer, dir);
                RouterClient router = service.connect()) {
            var result = new SimulatedAgent(router)
                    .sync(
                            SessionSyncTest.start("81", Mode.ModuleFull, forged.size())
                                    .indices(List.of(PACKAGES)),
                            forged,
                            Set.of());
            assertThat(result.end().status()).isEqualTo(Status.Ok);

            assertThat(count(indexer, AgentQuery.agentAndCluster("081", "wazuh").toJsonString()))
                    .isEqualTo(forged.size());
            assertThat(count(indexer, AgentQuery.agentAndCluster("999", "other").toJsonString()))
                    .isZero();
            assertThat(count(indexer, AgentQuery.agent("999").toJsonString())).isZero();
            assertThat(count(indexer, "{\"match\":{\"wazuh.agent.host.os.name\":\"evil\"}}"))
                    .isZero();

            JsonNode dotted = indexer.source(PACKAGES, "wazuh_081_dotted");
            assertThat(dotted.has("wazuh.agent.id")).isFalse();
            assertThat(dotted.path("package.name").asText()).isEqualTo("kept");
            assertThat(dotted.path("wazuh").path("agent").path("id").asText()).isEqualTo("081");
            assertThat(indexer.source(PACKAGES, "wazuh_081_outer")
                            .path("wazuh.agent")
                            .path("custom")
                            .asText())
                    .isEqualTo("kept");
        }
    }

    private static long count(IndexerQueries indexer, String query) {
        return indexer.call("POST", "/" + PACKAGES + "/_count", "{\"query\":" + query + "}")
                .path("count")
                .asLong();
    }

    private static Value doc(String id, String json) {
        return new Value(Operation.Upsert, id, PACKAGES, 0, json.getBytes(StandardCharsets.UTF_8));
    }
}
