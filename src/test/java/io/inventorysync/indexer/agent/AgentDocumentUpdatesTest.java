package io.inventorysync.indexer.agent;

import static io.inventorysync.indexer.agent.AgentIndices.doc;
import static io.inventorysync.indexer.agent.AgentIndices.newIndex;
import static io.inventorysync.indexer.agent.AgentIndices.withVersion;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.indexer.client.Response;
import io.inventorysync.testsupport.TestIndexer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Metadata and group sessions against the real node (behaviour.md §7). */
@ExtendWith({TestIndexer.Extension.class, AgentIndices.Extension.class})
class AgentDocumentUpdatesTest {
    private static final String AGENT = "201";
    private static final String CLUSTER = "cluster-a";
    private static final String NOW = "2025-06-01T12:34:56.789Z";
    /** A refresh answer, as a node gives it. */
    private static final String REFRESHED = "{\"_shards\":{\"total\":1,\"successful\":1,\"failed\":0}}";

    private static final AgentMetadata META = new AgentMetadata(
            "web-01",
            "v5.0.0",
            List.of("default", "linux"),
            "x86_64",
            "web-01.example",
            "Ubuntu",
            "ubuntu",
            "Linux",
            "24.04");

    private final AgentIndices indices;
    private final AgentDocumentUpdates updates;

    AgentDocumentUpdatesTest(AgentIndices indices) {
        this.indices = indices;
        this.updates = new AgentDocumentUpdates(indices.requests(), Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC));
    }

    @Test
    void metadataDeltaSetsEveryAgentFieldAndTheVersion() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        indices.put(index, "unversioned", doc(AGENT, CLUSTER).put("keep", "me"));
        indices.put(index, "older", withVersion(doc(AGENT, CLUSTER), 4));

        ByQueryResult result = updates.apply(AgentUpdateMode.METADATA_DELTA, List.of(index), AGENT, CLUSTER, META, 5);

        assertThat(result.success()).as(result.reason()).isTrue();
        assertThat(result.updated()).isEqualTo(2);
        for (String id : List.of("unversioned", "older")) {
            JsonNode source = indices.source(index, id);
            JsonNode agent = source.path("wazuh").path("agent");
            assertThat(agent.path("id").asText()).isEqualTo(AGENT);
            assertThat(agent.path("name").asText()).isEqualTo("web-01");
            assertThat(agent.path("version").asText()).isEqualTo("v5.0.0");
            assertThat(agent.path("groups")).containsExactly(text("default"), text("linux"));
            assertThat(agent.path("host").path("architecture").asText()).isEqualTo("x86_64");
            assertThat(agent.path("host").path("hostname").asText()).isEqualTo("web-01.example");
            JsonNode os = agent.path("host").path("os");
            assertThat(List.of(
                            os.path("name").asText(),
                            os.path("platform").asText(),
                            os.path("type").asText(),
                            os.path("version").asText()))
                    .containsExactly("Ubuntu", "ubuntu", "Linux", "24.04");
            assertThat(source.path("wazuh").path("cluster").path("name").asText())
                    .isEqualTo(CLUSTER);
            assertThat(source.path("state").path("document_version").asLong()).isEqualTo(5);
            assertThat(source.path("state").path("modified_at").asText()).isEqualTo(NOW);
        }
        assertThat(indices.source(index, "unversioned").path("keep").asText())
                .as("other fields kept")
                .isEqualTo("me");
    }

    @Test
    void metadataDeltaLeavesOtherAgentsAndClustersAlone() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        indices.put(index, "other-agent", doc("202", CLUSTER));
        indices.put(index, "other-cluster", doc(AGENT, "cluster-b"));

        ByQueryResult result = updates.apply(AgentUpdateMode.METADATA_DELTA, List.of(index), AGENT, CLUSTER, META, 5);

        assertThat(result.success()).isTrue();
        assertThat(result.updated()).isZero();
        assertThat(indices.source(index, "other-agent")
                        .path("wazuh")
                        .path("agent")
                        .path("name")
                        .asText())
                .isEqualTo("old-name");
        assertThat(indices.source(index, "other-cluster").has("state")).isFalse();
    }

    @Test
    void staleGlobalVersionLeavesNewerDocumentsUntouched() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        indices.put(index, "newer", withVersion(doc(AGENT, CLUSTER), 9));
        indices.put(index, "same", withVersion(doc(AGENT, CLUSTER), 5));

        ByQueryResult result = updates.apply(AgentUpdateMode.METADATA_DELTA, List.of(index), AGENT, CLUSTER, META, 5);

        assertThat(result.success()).isTrue();
        assertThat(result.updated()).as("only the document with version <= 5").isEqualTo(1);
        JsonNode newer = indices.source(index, "newer");
        assertThat(newer.path("state").path("document_version").asLong()).isEqualTo(9);
        assertThat(newer.path("wazuh").path("agent").path("name").asText()).isEqualTo("old-name");
        assertThat(newer.path("state").has("modified_at")).isFalse();
        assertThat(indices.source(index, "same")
                        .path("wazuh")
                        .path("agent")
                        .path("name")
                        .asText())
                .isEqualTo("web-01");
    }

    @Test
    void groupDeltaSetsOnlyGroupsAndTheVersion() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        indices.put(index, "d", withVersion(doc(AGENT, CLUSTER), 2));
        indices.put(index, "newer", withVersion(doc(AGENT, CLUSTER), 8));

        ByQueryResult result = updates.apply(AgentUpdateMode.GROUP_DELTA, List.of(index), AGENT, CLUSTER, META, 7);

        assertThat(result.success()).isTrue();
        assertThat(result.updated()).isEqualTo(1);
        JsonNode source = indices.source(index, "d");
        assertThat(source.path("wazuh").path("agent").path("groups")).containsExactly(text("default"), text("linux"));
        assertThat(source.path("wazuh").path("agent").path("name").asText())
                .as("not a group field")
                .isEqualTo("old-name");
        assertThat(source.path("wazuh").path("agent").has("host")).isFalse();
        assertThat(source.path("state").path("document_version").asLong()).isEqualTo(7);
        assertThat(source.path("state").path("modified_at").asText()).isEqualTo(NOW);
        assertThat(indices.source(index, "newer").path("wazuh").path("agent").has("groups"))
                .isFalse();
    }

    @Test
    void metadataCheckRewritesOnlyDocumentsThatDiffer() throws IOException {
        String index = newIndex("wazuh-states-inventory-");
        ObjectNode current = withVersion(doc(AGENT, CLUSTER), 3);
        AgentFields.overlay(current, AgentFields.metadata(AGENT, CLUSTER, META));
        indices.put(index, "current-1", current.deepCopy());
        indices.put(index, "current-2", current.deepCopy());
        ObjectNode stale = current.deepCopy();
        ((ObjectNode) stale.path("wazuh").path("agent").path("host").path("os")).put("version", "22.04");
        indices.put(index, "stale", stale);

        ByQueryResult result = updates.apply(AgentUpdateMode.METADATA_CHECK, List.of(index), AGENT, CLUSTER, META, 99);

        assertThat(result.success()).isTrue();
        assertThat(result.updated()).isEqualTo(1);
        assertThat(result.noops()).isEqualTo(2);
        JsonNode fixed = indices.source(index, "stale");
        assertThat(fixed.path("wazuh")
                        .path("agent")
                        .path("host")
                        .path("os")
                        .path("version")
                        .asText())
                .isEqualTo("24.04");
        assertThat(fixed.path("state").path("document_version").asLong())
                .as("check modes keep versions")
                .isEqualTo(3);
        assertThat(fixed.path("state").has("modified_at")).isFalse();
    }

    @Test
    void groupCheckRewritesOnlyDocumentsWithOtherGroups() throws IOException {
        String index = newIndex("wazuh-states-fim-");
        ObjectNode same = doc(AGENT, CLUSTER);
        ((ObjectNode) same.path("wazuh").path("agent"))
                .putArray("groups")
                .add("default")
                .add("linux");
        ObjectNode reordered = doc(AGENT, CLUSTER);
        ((ObjectNode) reordered.path("wazuh").path("agent"))
                .putArray("groups")
                .add("linux")
                .add("default");
        indices.put(index, "same", same);
        indices.put(index, "reordered", reordered);
        indices.put(index, "none", withVersion(doc(AGENT, CLUSTER), 4));

        ByQueryResult result = updates.apply(AgentUpdateMode.GROUP_CHECK, List.of(index), AGENT, CLUSTER, META, 0);

        assertThat(result.success()).isTrue();
        assertThat(result.updated()).isEqualTo(2);
        assertThat(result.noops()).isEqualTo(1);
        assertThat(indices.source(index, "reordered")
                        .path("wazuh")
                        .path("agent")
                        .path("groups"))
                .containsExactly(text("default"), text("linux"));
        assertThat(indices.source(index, "none")
                        .path("state")
                        .path("document_version")
                        .asLong())
                .isEqualTo(4);
    }

    @Test
    void oneRequestOverSeveralIndicesSkippingForbiddenAndMissingOnes() throws IOException {
        String inventory = newIndex("wazuh-states-inventory-");
        String fim = newIndex("wazuh-states-fim-");
        String forbidden = "inventory-sync-chk-forbidden";
        indices.put(inventory, "a", doc(AGENT, CLUSTER));
        indices.put(fim, "b", doc(AGENT, CLUSTER));
        indices.put(forbidden, "c", doc(AGENT, CLUSTER));
        RecordingRequests recording = new RecordingRequests(indices.requests());

        ByQueryResult result = new AgentDocumentUpdates(recording)
                .apply(
                        AgentUpdateMode.GROUP_DELTA,
                        List.of(
                                inventory,
                                fim,
                                forbidden,
                                IndexAllowlist.VULNERABILITIES,
                                newIndex("wazuh-states-sca-")),
                        AGENT,
                        CLUSTER,
                        META,
                        1);

        assertThat(result.success()).as(result.reason()).isTrue();
        assertThat(result.updated()).isEqualTo(2);
        assertThat(recording.requests).as("a refresh, then the update").hasSize(2);
        assertThat(recording.requests.get(0)).contains("/_refresh");
        assertThat(recording.requests.get(1))
                .contains("/_update_by_query?allow_no_indices=true&ignore_unavailable=true&refresh=true")
                .contains("\"conflicts\":\"proceed\"")
                .contains(inventory + "," + fim + ",wazuh-states-sca-chk-")
                .doesNotContain(forbidden, IndexAllowlist.VULNERABILITIES);
        assertThat(indices.source(forbidden, "c").path("wazuh").path("agent").has("groups"))
                .isFalse();
    }

    @Test
    void noWritableIndexSendsNothingAndSucceeds() {
        RecordingRequests recording = new RecordingRequests(path -> {
            throw new AssertionError("no request expected, got " + path);
        });

        ByQueryResult result = new AgentDocumentUpdates(recording)
                .apply(
                        AgentUpdateMode.METADATA_DELTA,
                        List.of("inventory-sync-chk-forbidden", IndexAllowlist.VULNERABILITIES),
                        AGENT,
                        CLUSTER,
                        META,
                        1);

        assertThat(result.success()).isTrue();
        assertThat(recording.requests).isEmpty();
    }

    @Test
    void httpErrorIsAFailureWithItsReason() {
        RecordingRequests failing = new RecordingRequests(path -> path.contains("/_refresh")
                ? ok(REFRESHED)
                : new Response("https://test:9200", 500, "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8)));

        ByQueryResult result = new AgentDocumentUpdates(failing)
                .apply(
                        AgentUpdateMode.GROUP_CHECK,
                        List.of("wazuh-states-inventory-packages"),
                        AGENT,
                        CLUSTER,
                        META,
                        1);

        assertThat(result.success()).isFalse();
        assertThat(result.reason()).contains("HTTP 500", "boom");
    }

    @Test
    void documentFailuresAreAFailure() {
        String answer = "{\"total\":2,\"updated\":1,\"noops\":0,\"failures\":[{\"index\":\"i\",\"id\":\"x\","
                + "\"cause\":{\"type\":\"mapper_parsing_exception\"},\"status\":400}]}";
        RecordingRequests failing = new RecordingRequests(path -> ok(path.contains("/_refresh") ? REFRESHED : answer));

        ByQueryResult result = new AgentDocumentUpdates(failing)
                .apply(
                        AgentUpdateMode.GROUP_CHECK,
                        List.of("wazuh-states-inventory-packages"),
                        AGENT,
                        CLUSTER,
                        META,
                        1);

        assertThat(result.success()).isFalse();
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.reason()).contains("mapper_parsing_exception");
    }

    private static Response ok(String body) {
        return new Response("https://test:9200", 200, body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode text(String value) {
        return AgentIndices.JSON.getNodeFactory().textNode(value);
    }
}
