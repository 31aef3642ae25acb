package io.inventorysync.indexer.agent;

import static io.inventorysync.indexer.agent.AgentIndices.doc;
import static io.inventorysync.indexer.agent.AgentIndices.newIndex;
import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.testsupport.TestIndexer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A delete-by-query scrolls, and clears its scroll before it answers, when the certificate's user may: with the
 * permissions the README lists ({@code indices:data/read/scroll/clear} is not in {@code cluster_composite_ops}). Without
 * it, every clean left a search context open for 5 minutes, pinning segments (500 open ones refuse further searches).
 */
@ExtendWith({TestIndexer.Extension.class, AgentIndices.Extension.class})
class ByQueryScrollTest {
    private final AgentIndices indices;

    ByQueryScrollTest(AgentIndices indices) {
        this.indices = indices;
    }

    @Test
    void aDeleteByQueryLeavesNoScrollOpen() throws Exception {
        String inventory = newIndex("wazuh-states-inventory-");
        indices.putAll(inventory, "s", List.of(doc("7401", "c1"), doc("7401", "c1"), doc("7402", "c1")));
        indices.refresh(inventory);

        ByQueryResult result = new AgentCommands(new AgentDeletion(indices.requests()))
                .handle(AgentIndices.JSON.readTree("{\"command\":\"delete_agent\",\"agent_id\":\"7401\"}"));

        assertThat(result.success()).as(result.reason()).isTrue();
        assertThat(result.deleted()).isEqualTo(2);
        assertThat(openScrolls()).as("scroll contexts open on the node").isZero();
    }

    private long openScrolls() throws Exception {
        return indices.get("/_nodes/_local/stats/indices/search")
                .path("nodes")
                .elements()
                .next()
                .path("indices")
                .path("search")
                .path("scroll_current")
                .asLong(-1);
    }
}
