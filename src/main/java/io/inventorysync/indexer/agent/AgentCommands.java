package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.inventorysync.support.LogText;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON commands of the inbound topic (wire-protocol.md §1), as a bean a route calls with the command's JSON tree.
 * Today there is one, {@code {"command":"delete_agent","agent_id":"001"}}. Commands get no response; the outcome
 * is logged.
 */
public final class AgentCommands {

    public static final String DELETE_AGENT = "delete_agent";

    private static final Logger LOG = LoggerFactory.getLogger(AgentCommands.class);

    private final AgentDeletion deletion;

    public AgentCommands(AgentDeletion deletion) {
        this.deletion = deletion;
    }

    /**
     * Carries out the command.
     *
     * @return the indexer's outcome (a failed one is logged as a warning)
     * @throws InvalidCommandException when the command is unknown or malformed: the caller logs and counts it
     * @throws IOException             when the indexer cannot be reached (logged here too)
     */
    public ByQueryResult handle(JsonNode command) throws InvalidCommandException, IOException {
        String agentId = parseDeleteAgent(command);
        ByQueryResult result;
        try {
            result = deletion.delete(agentId);
        } catch (IOException e) {
            LOG.warn("delete_agent {}: the indexer could not be reached: {}", agentId, e.getMessage());
            throw e;
        }
        if (result.success()) {
            LOG.info("delete_agent {}: {} document(s) deleted", agentId, result.deleted());
        } else {
            LOG.warn("delete_agent failed: {}", result.reason());
        }
        return result;
    }

    /** The 3-padded agent id of a valid {@code delete_agent} command. */
    public static String parseDeleteAgent(JsonNode command) throws InvalidCommandException {
        if (command == null || !command.isObject()) {
            throw new InvalidCommandException("command is not a JSON object");
        }
        JsonNode name = command.get("command");
        if (name == null || !name.isTextual()) {
            throw new InvalidCommandException("command has no textual 'command' field");
        }
        if (!DELETE_AGENT.equals(name.textValue())) {
            throw new InvalidCommandException("unknown command '" + LogText.printable(name.textValue()) + "'");
        }
        JsonNode id = command.get("agent_id");
        // a string, as the manager sends it: a JSON number would lose leading zeros and invite ambiguity
        if (id == null || !id.isTextual()) {
            throw new InvalidCommandException("delete_agent without a textual 'agent_id'");
        }
        return AgentIds.parse(id.textValue())
                .orElseThrow(() -> new InvalidCommandException("delete_agent with agent_id '"
                        + LogText.printable(id.textValue()) + "': not 1 to 16 decimal digits"));
    }
}
