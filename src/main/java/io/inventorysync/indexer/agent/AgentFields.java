package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.session.AgentMetadata;
import java.util.List;
import java.util.Objects;

/**
 * The agent fields a session writes over its agent's documents (behaviour.md §5): the same list serves the
 * Upsert overlay of data sessions and the metadata/group updates of §7, so both always agree on what is written.
 */
public final class AgentFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentFields() {
    }

    /**
     * Every §5 field: {@code wazuh.agent.id}, {@code .name}, {@code .version}, {@code .groups},
     * {@code wazuh.agent.host.architecture}, {@code .hostname}, {@code wazuh.agent.host.os.name}, {@code .platform},
     * {@code .type}, {@code .version}, {@code wazuh.cluster.name}. Absent values are written as empty strings (lists:
     * empty), as the Start carried them.
     *
     * @param agentId     the 3-padded agent id
     * @param clusterName the session's cluster (Start's, or the manager's when the Start had none)
     */
    public static List<AgentField> metadata(String agentId, String clusterName, AgentMetadata agent) {
        return List.of(
                field(agentId, "wazuh", "agent", "id"),
                field(agent.name(), "wazuh", "agent", "name"),
                field(agent.version(), "wazuh", "agent", "version"),
                groupsField(agent.groups()),
                field(agent.architecture(), "wazuh", "agent", "host", "architecture"),
                field(agent.hostname(), "wazuh", "agent", "host", "hostname"),
                field(agent.osName(), "wazuh", "agent", "host", "os", "name"),
                field(agent.osPlatform(), "wazuh", "agent", "host", "os", "platform"),
                field(agent.osType(), "wazuh", "agent", "host", "os", "type"),
                field(agent.osVersion(), "wazuh", "agent", "host", "os", "version"),
                field(clusterName, "wazuh", "cluster", "name"));
    }

    /** Only {@code wazuh.agent.groups}. */
    public static List<AgentField> groups(List<String> groups) {
        return List.of(groupsField(groups));
    }

    /** Writes the fields over {@code document}, creating (or replacing non-object) intermediate objects. */
    public static void overlay(ObjectNode document, List<AgentField> fields) {
        for (AgentField field : fields) {
            ObjectNode target = document;
            List<String> path = field.path();
            for (String segment : path.subList(0, path.size() - 1)) {
                JsonNode next = target.get(segment);
                target = next instanceof ObjectNode object ? object : target.putObject(segment);
            }
            target.set(path.get(path.size() - 1), node(field.value()));
        }
    }

    /** The painless {@code params.fields} form: {@code [{"path": [...], "value": ...}, ...]}. */
    static ArrayNode toParams(List<AgentField> fields) {
        ArrayNode array = JSON.createArrayNode();
        for (AgentField field : fields) {
            ObjectNode item = array.addObject();
            field.path().forEach(item.putArray("path")::add);
            item.set("value", node(field.value()));
        }
        return array;
    }

    /**
     * The JSON of a field's value, built directly: {@code valueToTree} would go through a TokenBuffer for each of
     * the 11 fields of every document (a fifth of the indexer thread's allocations in the e2e benchmark).
     */
    private static JsonNode node(Object value) {
        if (value instanceof String text) {
            return JsonNodeFactory.instance.textNode(text);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(list.size());
            for (Object element : list) {
                array.add(node(element));
            }
            return array;
        }
        return JSON.valueToTree(value);
    }

    private static AgentField groupsField(List<String> groups) {
        List<String> values = groups == null ? List.of() : groups.stream().map(g -> Objects.requireNonNullElse(g, "")).toList();
        return new AgentField(List.of("wazuh", "agent", "groups"), values);
    }

    private static AgentField field(String value, String... path) {
        return new AgentField(List.of(path), Objects.requireNonNullElse(value, ""));
    }
}
