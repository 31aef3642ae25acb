package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent fields a session writes over its agent's documents (behaviour.md §5): the same list serves the
 * Upsert overlay of data sessions and the metadata/group updates of §7, so both always agree on what is written.
 */
public final class AgentFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentFields() {}

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

    /** Writes the fields over {@code document}; see {@link Overlay#apply}. */
    public static void overlay(ObjectNode document, List<AgentField> fields) {
        new Overlay(fields).apply(document);
    }

    /** The fields to write over documents, with the tree of their paths built once (a session has thousands of documents). */
    public static final class Overlay {
        private final List<AgentField> fields;
        private final PathNode paths = new PathNode();

        public Overlay(List<AgentField> fields) {
            this.fields = List.copyOf(fields);
            for (AgentField field : fields) {
                PathNode at = paths;
                for (String segment : field.path()) {
                    at = at.children.computeIfAbsent(segment, k -> new PathNode());
                }
            }
        }

        /**
         * Removes from {@code document} every key that resolves onto, into or over a field of the overlay in any
         * spelling, then writes the fields, creating (or replacing non-object) intermediate objects. OpenSearch expands
         * dotted names ({@code "wazuh.agent.id"}, {@code {"wazuh":{"agent.id":…}}}, {@code {"wazuh.agent":{"id":…}}}),
         * so a key the overlay does not write by its own spelling would index beside the session's value and make the
         * document match another agent's queries (behaviour.md §12). Other keys, dotted or not, are left alone.
         */
        public void apply(ObjectNode document) {
            removeOverlaid(document, paths);
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
    }

    /** A node of the overlay's path tree; a leaf is a field the overlay writes. */
    private static final class PathNode {
        final Map<String, PathNode> children = new LinkedHashMap<>();

        boolean leaf() {
            return children.isEmpty();
        }
    }

    /**
     * Removes the keys of {@code object} (reached by the path of {@code at}) that resolve onto a leaf or below one, or
     * onto an inner node of the tree with anything but an object (which the overlay's objects would clash with); keys
     * that resolve onto an inner node with an object are searched in turn.
     */
    private static void removeOverlaid(ObjectNode object, PathNode at) {
        Iterator<Map.Entry<String, JsonNode>> keys = object.fields();
        while (keys.hasNext()) {
            Map.Entry<String, JsonNode> entry = keys.next();
            PathNode resolved = resolve(entry.getKey(), at);
            if (resolved == null) {
                continue;
            }
            if (!resolved.leaf() && entry.getValue() instanceof ObjectNode inner) {
                removeOverlaid(inner, resolved);
            } else {
                keys.remove();
            }
        }
    }

    /** The tree node a (possibly dotted) key leads to from {@code at}: a leaf once one is reached; null when it leaves the tree. */
    private static PathNode resolve(String key, PathNode at) {
        int from = 0;
        while (true) {
            int dot = key.indexOf('.', from);
            int to = dot < 0 ? key.length() : dot;
            PathNode next = child(at, key, from, to);
            if (next == null) {
                return null;
            }
            if (dot < 0 || next.leaf()) {
                return next;
            }
            at = next;
            from = dot + 1;
        }
    }

    /** The child named by {@code key[from, to)}, without a substring per key (every key of every document comes here). */
    private static PathNode child(PathNode at, String key, int from, int to) {
        for (Map.Entry<String, PathNode> child : at.children.entrySet()) {
            String name = child.getKey();
            if (name.length() == to - from && key.startsWith(name, from)) {
                return child.getValue();
            }
        }
        return null;
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
        List<String> values = groups == null
                ? List.of()
                : groups.stream().map(g -> Objects.requireNonNullElse(g, "")).toList();
        return new AgentField(List.of("wazuh", "agent", "groups"), values);
    }

    private static AgentField field(String value, String... path) {
        return new AgentField(List.of(path), Objects.requireNonNullElse(value, ""));
    }
}
