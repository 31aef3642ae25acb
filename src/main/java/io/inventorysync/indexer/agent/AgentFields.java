package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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

    /**
     * The fields to write over documents, with the tree of their paths built once (a session has thousands of
     * documents). Two ways to apply them, with the same result: {@link #apply} on a parsed tree, {@link #write} while
     * streaming a document from a parser to a generator (the {@code _bulk} lines, without a tree per document).
     */
    public static final class Overlay {
        private final List<AgentField> fields;
        private final PathNode paths = new PathNode("");

        /** @throws IllegalArgumentException when a field's path is a prefix of another's (a value and an object at once) */
        public Overlay(List<AgentField> fields) {
            this.fields = List.copyOf(fields);
            for (AgentField field : fields) {
                PathNode at = paths;
                for (String segment : field.path()) {
                    if (at.value != null) {
                        throw new IllegalArgumentException("overlay path " + at + " is a prefix of " + field.name());
                    }
                    at = at.children.computeIfAbsent(segment, PathNode::new);
                }
                if (!at.leaf()) {
                    throw new IllegalArgumentException("overlay path " + field.name() + " is a prefix of another");
                }
                at.value = node(field.value()); // the last of two fields with one path wins, as in apply
            }
            paths.freeze();
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

        /**
         * Streams the object {@code in} is at (its {@code START_OBJECT} just read) to {@code out} as {@link #apply}
         * would leave it: keys dropped by the same rule, other keys and their values copied as they are parsed, the
         * fields written into the objects reached by their literal segments ({@code wazuh}, then {@code agent}, …),
         * merged into the document's own objects when it has them, else appended. Key order may differ from
         * {@code apply}'s; the JSON is equal. Returns with {@code in} at the object's {@code END_OBJECT}. A duplicate
         * key is copied twice (a tree keeps the last): give it a parser with
         * {@code StreamReadFeature.STRICT_DUPLICATE_DETECTION} to refuse them.
         *
         * @throws IOException when {@code in} cannot parse the document or {@code out} cannot write it
         */
        public void write(JsonParser in, JsonGenerator out) throws IOException {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the parser is not at an object");
            }
            out.writeStartObject();
            copyOverlaid(in, out, paths, true);
        }
    }

    /** A node of the overlay's path tree; a leaf is a field the overlay writes. */
    private static final class PathNode {
        final String name;
        final Map<String, PathNode> children = new LinkedHashMap<>();
        /** The leaf's value; null for an inner node. */
        JsonNode value;
        /** The children in order, for lookups without an iterator (every key of every document is resolved). */
        PathNode[] childArray;
        /** Its index among its parent's children: its bit in {@link #copyOverlaid}'s mask of merged objects. */
        int ordinal;
        /** The name, quoted and escaped once. */
        SerializedString quotedName;
        /** The JSON of the value, or of the whole object below an inner node, for documents that lack it. */
        SerializedString json;

        PathNode(String name) {
            this.name = name;
        }

        boolean leaf() {
            return children.isEmpty();
        }

        void freeze() {
            childArray = children.values().toArray(PathNode[]::new);
            if (childArray.length > Long.SIZE) {
                throw new IllegalArgumentException("more than " + Long.SIZE + " overlay fields below " + name);
            }
            for (int i = 0; i < childArray.length; i++) {
                childArray[i].ordinal = i;
                childArray[i].freeze();
            }
            quotedName = new SerializedString(name);
            try {
                json = new SerializedString(JSON.writeValueAsString(tree()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("overlay value below " + name + " is not JSON", e);
            }
        }

        private JsonNode tree() {
            if (leaf()) {
                return value;
            }
            ObjectNode object = JSON.createObjectNode();
            for (PathNode child : childArray) {
                object.set(child.name, child.tree());
            }
            return object;
        }

        @Override
        public String toString() {
            return name;
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
        for (PathNode child : at.childArray) {
            String name = child.name;
            if (name.length() == to - from && key.startsWith(name, from)) {
                return child;
            }
        }
        return null;
    }

    /**
     * Copies the keys of the object {@code in} is in (reached by the path of {@code at}) as {@link #removeOverlaid}
     * keeps them, then, when {@code target} (the object is reached by literal segments only, as {@code apply}'s
     * {@code target.get(segment)}), the fields below {@code at} that no merged object of the document took; closes
     * the object. Recursion is bounded by the depth of the path tree: what the tree does not name goes to
     * {@code copyCurrentStructure}.
     */
    private static void copyOverlaid(JsonParser in, JsonGenerator out, PathNode at, boolean target) throws IOException {
        long merged = 0;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String key = in.currentName();
            PathNode resolved = resolve(key, at);
            JsonToken value = in.nextToken();
            if (resolved == null) {
                out.writeFieldName(key);
                out.copyCurrentStructure(in);
            } else if (!resolved.leaf() && value == JsonToken.START_OBJECT) {
                out.writeFieldName(key);
                out.writeStartObject();
                // a dotted key's object is searched but never written into: apply writes by the literal segments
                boolean literal = target && key.indexOf('.') < 0;
                copyOverlaid(in, out, resolved, literal);
                if (literal) {
                    merged |= 1L << resolved.ordinal;
                }
            } else {
                in.skipChildren(); // dropped: the overlay writes it, or an object of its own in its place
            }
        }
        if (target) {
            for (PathNode child : at.childArray) {
                if ((merged & (1L << child.ordinal)) == 0) {
                    out.writeFieldName(child.quotedName);
                    out.writeRawValue(child.json); // built by Jackson once per overlay, so escaped like the rest
                }
            }
        }
        out.writeEndObject();
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
