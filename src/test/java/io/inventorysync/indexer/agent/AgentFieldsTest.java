package io.inventorysync.indexer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The §5 agent fields and their overlay on a document; no indexer. */
class AgentFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AgentMetadata META =
            new AgentMetadata("n", "v", List.of("g1", "g2"), "arm64", "h", "os", "plat", "type", "1.0");

    @Test
    void metadataNamesEveryOverlayField() {
        assertThat(AgentFields.metadata("001", "c", META))
                .extracting(AgentField::name)
                .containsExactly(
                        "wazuh.agent.id",
                        "wazuh.agent.name",
                        "wazuh.agent.version",
                        "wazuh.agent.groups",
                        "wazuh.agent.host.architecture",
                        "wazuh.agent.host.hostname",
                        "wazuh.agent.host.os.name",
                        "wazuh.agent.host.os.platform",
                        "wazuh.agent.host.os.type",
                        "wazuh.agent.host.os.version",
                        "wazuh.cluster.name");
    }

    @Test
    void overlayOverwritesAndCreatesObjectsKeepingOtherFields() throws Exception {
        ObjectNode doc = (ObjectNode)
                JSON.readTree(
                        "{\"wazuh\":{\"agent\":{\"id\":\"999\",\"host\":\"not an object\",\"extra\":1}},\"package\":{\"name\":\"p\"}}");

        AgentFields.overlay(doc, AgentFields.metadata("001", "c", META));

        JsonNode agent = doc.path("wazuh").path("agent");
        assertThat(agent.path("id").asText()).isEqualTo("001");
        assertThat(agent.path("extra").asInt()).isEqualTo(1);
        assertThat(agent.path("groups").isArray()).isTrue();
        assertThat(agent.path("host").path("os").path("platform").asText()).isEqualTo("plat");
        assertThat(doc.path("wazuh").path("cluster").path("name").asText()).isEqualTo("c");
        assertThat(doc.path("package").path("name").asText()).isEqualTo("p");
    }

    @Test
    void absentValuesAreEmpty() {
        AgentMetadata empty = new AgentMetadata(null, null, null, null, null, null, null, null, null);

        assertThat(AgentFields.metadata("001", "c", empty))
                .extracting(AgentField::value)
                .containsExactly("001", "", "", List.of(), "", "", "", "", "", "", "c");
    }

    @Test
    void overlayPathsMayNotBePrefixesOfEachOther() {
        AgentField id = new AgentField(List.of("wazuh", "agent", "id"), "001");
        AgentField agent = new AgentField(List.of("wazuh", "agent"), "flat");

        // a field would be a value and an object at once: neither apply nor write could honour both
        assertThatThrownBy(() -> new AgentFields.Overlay(List.of(id, agent)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AgentFields.Overlay(List.of(agent, id)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
