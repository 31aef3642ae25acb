package io.inventorysync.indexer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of the delete_agent JSON command; nothing reaches an indexer. */
class AgentCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void agentIdIsPaddedToThreeDigits() throws Exception {
        assertThat(AgentCommands.parseDeleteAgent(json("{\"command\":\"delete_agent\",\"agent_id\":\"1\"}")))
                .isEqualTo("001");
        assertThat(AgentCommands.parseDeleteAgent(json("{\"command\":\"delete_agent\",\"agent_id\":\"1234\"}")))
                .isEqualTo("1234");
        assertThat(AgentCommands.parseDeleteAgent(
                        json("{\"command\":\"delete_agent\",\"agent_id\":\"1234567890123456\"}")))
                .hasSize(16);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"command\":\"delete_agent\"}",
                "{\"command\":\"delete_agent\",\"agent_id\":1}",
                "{\"command\":\"delete_agent\",\"agent_id\":\"\"}",
                "{\"command\":\"delete_agent\",\"agent_id\":\"00a\"}",
                "{\"command\":\"delete_agent\",\"agent_id\":\"-1\"}",
                "{\"command\":\"delete_agent\",\"agent_id\":\" 001\"}",
                "{\"command\":\"delete_agent\",\"agent_id\":\"12345678901234567\"}",
                "{\"command\":\"delete_agent\",\"agent_id\":\"٣\"}",
                "{\"command\":\"remove_everything\",\"agent_id\":\"001\"}",
                "{\"agent_id\":\"001\"}",
                "[\"delete_agent\",\"001\"]"
            })
    void malformedCommandsAreRefusedWithAReason(String command) {
        assertThatThrownBy(() -> AgentCommands.parseDeleteAgent(json(command)))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageFindingMatch("command|agent_id");
    }

    @Test
    void malformedCommandSendsNothing() {
        RecordingRequests recording = new RecordingRequests(path -> {
            throw new AssertionError("no request expected, got " + path);
        });

        assertThatThrownBy(() -> new AgentCommands(new AgentDeletion(recording))
                        .handle(json("{\"command\":\"delete_agent\",\"agent_id\":\"x\"}")))
                .isInstanceOf(InvalidCommandException.class);
        assertThat(recording.requests).isEmpty();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
