package io.inventorysync.indexer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.indexer.agent.AgentFields;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.indexer.client.BulkItem;
import io.inventorysync.support.LogText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Builds the {@code _bulk} lines of one agent's documents (behaviour.md §5) in one streaming pass: the agent's JSON is
 * parsed token by token and written again by Jackson, never pasted, so no agent can smuggle bulk lines (Jackson
 * escapes control characters: every line is one line); the agent and cluster fields are written over it as
 * {@link AgentFields.Overlay#write} says. No tree per document: parsing into an {@code ObjectNode} and serialising it
 * were half of the indexing thread's CPU (JFR, e2e).
 * <p>A document is skipped ({@link IllegalArgumentException}) when it is not one JSON object and nothing after it:
 * malformed, trailing content, or a <b>duplicate key</b> in any object. OpenSearch refuses a source with duplicate
 * keys, which would fail the whole session; a tree would keep the last value silently, and picking one in a stream
 * would need the object buffered, so a document with duplicates is treated as malformed.
 * <p>Used by one thread at a time; the line buffer and generator are the thread's, reused across items and sessions
 * (a group commit builds one {@code AgentDocuments} per session).
 */
public final class AgentDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory STREAMS = new JsonFactoryBuilder()
            // lines end with '\n', written by hand: no separator before the next line's value
            .rootValueSeparator((String) null)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // a failed item's generator is dropped with its output: nothing to close for it
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();
    private static final ThreadLocal<LineWriter> WRITERS = ThreadLocal.withInitial(LineWriter::new);
    private static final SerializedString INDEX = new SerializedString("_index");
    private static final SerializedString ID = new SerializedString("_id");

    private final String agentId;
    private final String clusterName;
    private final AgentFields.Overlay agentFields;
    private final String versionedUpsertScript;

    /**
     * @param agentId               the 3-padded agent id
     * @param clusterName           Start.cluster_name, or the manager's cluster name when empty
     * @param versionedUpsertScript painless source of the versioned upsert (params {@code doc}, {@code doc_version})
     */
    public AgentDocuments(String agentId, String clusterName, AgentMetadata agent, String versionedUpsertScript) {
        this.agentId = agentId;
        this.clusterName = clusterName;
        this.versionedUpsertScript = versionedUpsertScript;
        this.agentFields = new AgentFields.Overlay(AgentFields.metadata(agentId, clusterName, agent));
    }

    /** {@code <cluster>_<agent3>_<id>}. */
    public String documentId(String itemId) {
        return clusterName + "_" + agentId + "_" + itemId;
    }

    /**
     * The agent's JSON object with the session's agent and cluster fields written over it, as a tree: the reference
     * of the streamed lines (tests) and the benchmark's direct bulks. Keeps the last of duplicate keys and ignores
     * what follows the object, unlike the lines.
     *
     * @throws IllegalArgumentException when {@code data} is not a JSON object
     */
    public ObjectNode document(byte[] data) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("data is not JSON");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new IllegalArgumentException("data is not a JSON object");
        }
        ObjectNode doc = (ObjectNode) parsed;
        agentFields.apply(doc);
        return doc;
    }

    /**
     * {@code index} action: the document replaces whatever was there.
     *
     * @param data the agent's JSON object
     * @throws IllegalArgumentException when {@code data} is not one JSON object without duplicate keys
     */
    public BulkItem index(String index, String id, byte[] data) {
        LineWriter w = WRITERS.get();
        try {
            JsonGenerator out = w.start();
            action(out, "index", index, id);
            document(out, data);
            out.writeRaw('\n');
            return new BulkItem(index, id, w.finish());
        } catch (IOException | RuntimeException e) {
            throw w.failed(e);
        }
    }

    /**
     * {@code update} with a script that replaces the source unless the stored document has a newer version:
     * {@code {"script":{"source":…,"lang":"painless","params":{"doc_version":v,"doc":DOC}},"upsert":DOC,
     * "scripted_upsert":true}}. DOC is streamed once and its bytes copied for the second.
     *
     * @throws IllegalArgumentException when {@code data} is not one JSON object without duplicate keys
     */
    public BulkItem versionedUpsert(String index, String id, byte[] data, long version) {
        LineWriter w = WRITERS.get();
        try {
            JsonGenerator out = w.start();
            action(out, "update", index, id);
            out.writeStartObject();
            out.writeObjectFieldStart("script");
            out.writeStringField("source", versionedUpsertScript);
            out.writeStringField("lang", "painless");
            out.writeObjectFieldStart("params");
            out.writeNumberField("doc_version", version);
            out.writeFieldName("doc");
            out.flush();
            int from = w.lines.size();
            document(out, data);
            out.flush();
            int to = w.lines.size();
            out.writeEndObject();
            out.writeEndObject();
            out.writeFieldName("upsert");
            // the generator writes the ':' with the value that follows a name: the document's bytes, after theirs
            out.writeRawValue("");
            out.flush();
            w.lines.copyValue(from, to);
            out.writeBooleanField("scripted_upsert", true);
            out.writeEndObject();
            out.writeRaw('\n');
            return new BulkItem(index, id, w.finish());
        } catch (IOException | RuntimeException e) {
            throw w.failed(e);
        }
    }

    public BulkItem delete(String index, String id) {
        LineWriter w = WRITERS.get();
        try {
            action(w.start(), "delete", index, id);
            return new BulkItem(index, id, w.finish());
        } catch (IOException | RuntimeException e) {
            throw w.failed(e);
        }
    }

    private static void action(JsonGenerator out, String action, String index, String id) throws IOException {
        out.writeStartObject();
        out.writeObjectFieldStart(action);
        out.writeFieldName(INDEX);
        out.writeString(index);
        out.writeFieldName(ID);
        out.writeString(id);
        out.writeEndObject();
        out.writeEndObject();
        out.writeRaw('\n');
    }

    /** Streams the agent's object with the overlay as the next value of {@code out}. */
    private void document(JsonGenerator out, byte[] data) throws IOException {
        try (JsonParser in = STREAMS.createParser(data)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("data is not a JSON object");
            }
            agentFields.write(in, out);
            if (in.nextToken() != null) {
                throw new IllegalArgumentException("data has more than one JSON value");
            }
        }
    }

    /** A thread's line buffer and the generator writing into it; after a failure, a new generator. */
    private static final class LineWriter {
        /** An action line and a package document (~450 bytes) fit without growing (growth copies were 14 % of the
         * indexing thread's CPU samples in the tree version). */
        private static final int INITIAL = 2048;
        /** Kept for the next item up to this size; a larger one (a huge document) is let go. */
        private static final int KEPT = 1 << 20;

        LineBuffer lines = new LineBuffer(INITIAL);
        private JsonGenerator generator;

        JsonGenerator start() throws IOException {
            if (generator == null) {
                generator = STREAMS.createGenerator(lines);
            }
            return generator;
        }

        byte[] finish() throws IOException {
            generator.flush();
            byte[] result = lines.toByteArray();
            lines.reset();
            if (lines.capacity() > KEPT) {
                drop();
            }
            return result;
        }

        /** Discards the partial lines; the exception to throw: a bad document is an {@link IllegalArgumentException}. */
        RuntimeException failed(Exception e) {
            drop();
            if (e instanceof JsonProcessingException json) {
                // the parser's message may quote the agent's bytes: escaped for the skip warning
                return new IllegalArgumentException(
                        "data is not a valid JSON object: " + LogText.printable(json.getOriginalMessage(), 200));
            }
            return e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        }

        /** A new generator next time (this one may be mid-object), and an empty buffer of the usual size. */
        private void drop() {
            if (generator != null) {
                try {
                    generator.close(); // gives its buffer back; what it flushes is reset below
                } catch (IOException ignored) {
                    // nothing of it is used
                }
                generator = null;
            }
            if (lines.capacity() > KEPT) {
                lines = new LineBuffer(INITIAL);
            }
            lines.reset();
        }
    }

    /** A byte buffer that can copy a range of itself to its end (the update's second DOC); one thread's. */
    private static final class LineBuffer extends OutputStream {
        private byte[] bytes;
        private int size;

        LineBuffer(int capacity) {
            bytes = new byte[capacity];
        }

        int size() {
            return size;
        }

        int capacity() {
            return bytes.length;
        }

        /** Appends {@code [from, to)} without the ':' the generator wrote before that value. */
        void copyValue(int from, int to) {
            if (bytes[from] != ':') {
                throw new IllegalStateException("the copied value does not follow a name");
            }
            int length = to - from - 1;
            ensure(length);
            System.arraycopy(bytes, from + 1, bytes, size, length);
            size += length;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        void reset() {
            size = 0;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
