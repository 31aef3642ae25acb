package io.inventorysync.indexer.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading {@code _bulk} answers, and the few facts about a {@link BulkItem} that only its action line tells.
 *
 * <p>Hand-written rather than the client's typed {@code BulkResponse}, for two reasons. Measured on an answer of
 * 11,000 items (2.2 MB, one 10 MiB chunk of 900-byte documents): the typed deserializer took 1.6 to 2 times as long
 * (10–22 ms against 6–14 ms) and allocated 4.9 MB against 1.9 MB. And it refuses a whole answer when one item lacks
 * {@code _index} (a required property), where this reader names the sent item instead.
 */
final class BulkResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkResponses() {}

    /**
     * The per-item results of a successful {@code _bulk} answer, in request order. Read as a stream, field by field:
     * an answer holds one result per document (thousands per session), and a tree of it cost more allocation than
     * the documents sent.
     *
     * @param host the host that answered, named in the message when the answer does not fit the request
     */
    static List<BulkItemResult> parse(String host, byte[] body, List<BulkItem> items) throws IOException {
        List<BulkItemResult> out = new ArrayList<>(items.size());
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    if (p.nextToken() == JsonToken.START_ARRAY && "items".equals(field)) {
                        readItems(p, host, items, out);
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException("_bulk answer of " + host + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (out.size() != items.size()) {
            throw new IOException("_bulk answer of " + host + " has " + out.size() + " items for " + items.size()
                    + " sent (first " + describe(items.get(0)) + ")");
        }
        return out;
    }

    /** The items array: {@code [{"<action>": {"_index":..,"_id":..,"status":..,"error":{..}?, ...}}, ...]}. */
    private static void readItems(JsonParser p, String host, List<BulkItem> items, List<BulkItemResult> out)
            throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            int i = out.size();
            BulkItem sent = items.get(Math.min(i, items.size() - 1));
            String action = p.nextToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
            if (action == null || p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("_bulk answer of " + host + " has an empty item " + i + " for " + describe(sent));
            }
            out.add(item(p, action, sent));
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                p.nextToken();
                p.skipChildren();
            }
        }
    }

    /** One item's result object, the parser on its START_OBJECT; missing index and id are the sent item's. */
    private static BulkItemResult item(JsonParser p, String action, BulkItem sent) throws IOException {
        String index = null;
        String id = null;
        int status = 0;
        String errorType = null;
        String errorReason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "_index" -> index = p.getValueAsString();
                case "_id" -> id = p.getValueAsString();
                case "status" -> status = p.getValueAsInt();
                case "error" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        JsonNode error = p.readValueAsTree();
                        errorType = error.path("type").asText(null);
                        errorReason = error.path("reason").asText(error.toString());
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new BulkItemResult(
                action,
                index == null ? sent.index() : index,
                id == null ? sent.id() : id,
                status,
                errorType,
                errorReason);
    }

    /** The action of an item: the single key of its action line ({@code index}, {@code update}...). */
    static String action(BulkItem item) {
        try (JsonParser p = JSON.getFactory().createParser(item.lines())) {
            if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME) {
                return p.currentName();
            }
        } catch (IOException e) {
            // fall through: the action is only used in a result that reports the item anyway
        }
        return "unknown";
    }

    /** {@code index/id}, for messages. */
    static String describe(BulkItem item) {
        return item.index() + "/" + item.id();
    }
}
