package io.inventorysync.indexer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.indexer.client.BulkItem;
import io.inventorysync.indexer.client.BulkItemResult;
import io.inventorysync.testsupport.TestIndexer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PainlessScripts#versionedUpsert()} as a real {@code _bulk} update item (behaviour.md §5). */
@ExtendWith({TestIndexer.Extension.class, AgentIndices.Extension.class})
class VersionedUpsertScriptTest {
    private final AgentIndices indices;

    VersionedUpsertScriptTest(AgentIndices indices) {
        this.indices = indices;
    }

    @Test
    void absentDocumentIsCreated() throws IOException {
        String index = AgentIndices.newIndex("wazuh-states-inventory-");

        BulkItemResult result = upsert(index, "d", 5);

        assertThat(result.status()).as("%s", result).isEqualTo(201);
        assertThat(indices.source(index, "d").path("v").asLong()).isEqualTo(5);
    }

    @Test
    void newerVersionReplacesTheDocument() throws IOException {
        String index = AgentIndices.newIndex("wazuh-states-inventory-");
        upsert(index, "d", 5);

        BulkItemResult result = upsert(index, "d", 7);

        assertThat(result.status()).as("%s", result).isEqualTo(200);
        assertThat(indices.source(index, "d").path("v").asLong()).isEqualTo(7);
        assertThat(indices.source(index, "d")
                        .path("state")
                        .path("document_version")
                        .asLong())
                .isEqualTo(7);
    }

    @Test
    void olderVersionIsANoop() throws IOException {
        String index = AgentIndices.newIndex("wazuh-states-inventory-");
        upsert(index, "d", 5);

        BulkItemResult result = upsert(index, "d", 3);

        assertThat(result.status()).as("%s", result).isEqualTo(200);
        assertThat(result.errorType()).isNull();
        assertThat(indices.source(index, "d").path("v").asLong()).isEqualTo(5);
    }

    @Test
    void documentWithoutStoredVersionIsReplaced() throws IOException {
        String index = AgentIndices.newIndex("wazuh-states-inventory-");
        indices.put(index, "d", AgentIndices.doc("001", "c").put("v", 100));

        upsert(index, "d", 1);

        assertThat(indices.source(index, "d").path("v").asLong()).isEqualTo(1);
    }

    /** The item the session pipeline sends for a versioned Upsert: script with params, upsert, scripted_upsert. */
    private BulkItemResult upsert(String index, String id, long version) throws IOException {
        ObjectNode doc =
                AgentIndices.withVersion(AgentIndices.doc("001", "c"), version).put("v", version);
        ObjectNode action = AgentIndices.JSON.createObjectNode();
        action.putObject("update").put("_index", index).put("_id", id);
        ObjectNode source = AgentIndices.JSON.createObjectNode();
        ObjectNode script =
                source.putObject("script").put("lang", "painless").put("source", PainlessScripts.versionedUpsert());
        script.putObject("params").put("doc_version", version).set("doc", doc);
        source.set("upsert", doc);
        source.put("scripted_upsert", true);
        List<BulkItemResult> results =
                indices.requests().bulk(List.of(new BulkItem(index, id, AgentIndices.lines(action, source))));
        return results.get(0);
    }
}
