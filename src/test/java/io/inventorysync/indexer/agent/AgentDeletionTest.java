package io.inventorysync.indexer.agent;

import static io.inventorysync.indexer.agent.AgentIndices.doc;
import static io.inventorysync.indexer.agent.AgentIndices.newIndex;
import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.testsupport.TestIndexer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** delete_agent against the real node (behaviour.md §7). Agent ids are unusual: the deletion spans wazuh-states-*. */
@ExtendWith({TestIndexer.Extension.class, AgentIndices.Extension.class})
class AgentDeletionTest {
    private final AgentIndices indices;

    AgentDeletionTest(AgentIndices indices) {
        this.indices = indices;
    }

    @Test
    void deletesOneAgentAmongThreeInEveryStateIndexAndCluster() throws Exception {
        String inventory = newIndex("wazuh-states-inventory-");
        String fim = newIndex("wazuh-states-fim-");
        String notState = "inventory-sync-chk-not-state";
        indices.putAll(
                inventory, "inv", List.of(doc("7301", "c1"), doc("7302", "c1"), doc("7303", "c1"), doc("7302", "c2")));
        indices.putAll(fim, "fim", List.of(doc("7302", "c1"), doc("7303", "c1")));
        indices.put(notState, "x", doc("7302", "c1"));

        ByQueryResult result = new AgentCommands(new AgentDeletion(indices.requests()))
                .handle(AgentIndices.JSON.readTree("{\"command\":\"delete_agent\",\"agent_id\":\"7302\"}"));

        assertThat(result.success()).as(result.reason()).isTrue();
        assertThat(result.deleted()).as("both clusters, both indices").isEqualTo(3);
        assertThat(indices.exists(inventory, "inv0")).isTrue();
        assertThat(indices.exists(inventory, "inv1")).isFalse();
        assertThat(indices.exists(inventory, "inv2")).isTrue();
        assertThat(indices.exists(inventory, "inv3")).isFalse();
        assertThat(indices.exists(fim, "fim0")).isFalse();
        assertThat(indices.exists(fim, "fim1")).isTrue();
        assertThat(indices.exists(notState, "x")).as("outside wazuh-states-*").isTrue();
        assertThat(indices.count(inventory)).isEqualTo(2);
    }

    @Test
    void shortIdIsPaddedToThreeDigits() throws Exception {
        String inventory = newIndex("wazuh-states-inventory-");
        indices.putAll(inventory, "d", List.of(doc("009", "c1"), doc("9", "c1")));

        ByQueryResult result = new AgentCommands(new AgentDeletion(indices.requests()))
                .handle(AgentIndices.JSON.readTree("{\"command\":\"delete_agent\",\"agent_id\":\"9\"}"));

        assertThat(result.success()).isTrue();
        assertThat(indices.exists(inventory, "d0")).isFalse();
        assertThat(indices.exists(inventory, "d1"))
                .as("ids are compared exactly once padded")
                .isTrue();
    }
}
