package io.inventorysync.indexer.agent;

import java.util.List;

/**
 * One field the service writes over an agent's documents.
 *
 * @param path  the field's path, e.g. {@code [wazuh, agent, host, os, name]}
 * @param value a {@code String} or a {@code List<String>} (groups)
 */
public record AgentField(List<String> path, Object value) {

    public AgentField {
        path = List.copyOf(path);
        value = value instanceof List<?> list ? List.copyOf(list) : value;
    }

    /** The dotted name, for logs: {@code wazuh.agent.host.os.name}. */
    public String name() {
        return String.join(".", path);
    }
}
