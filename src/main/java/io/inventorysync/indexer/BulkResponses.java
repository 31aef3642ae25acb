package io.inventorysync.indexer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reading {@code _bulk} answers, and the few facts about a {@link BulkItem} that only its action line tells. */
final class BulkResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkResponses() {
    }

    /**
     * The per-item results of a successful {@code _bulk} answer, in request order.
     *
     * @param host the host that answered, named in the message when the answer does not fit the request
     */
    static List<BulkItemResult> parse(String host, byte[] body, List<BulkItem> items) throws IOException {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("_bulk answer of " + host + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode results = answer == null ? null : answer.path("items");
        if (results == null || !results.isArray() || results.size() != items.size()) {
            throw new IOException("_bulk answer of " + host + " has " + (results == null ? 0 : results.size())
                    + " items for " + items.size() + " sent (first " + describe(items.get(0)) + ")");
        }
        List<BulkItemResult> out = new ArrayList<>(items.size());
        for (int i = 0; i < results.size(); i++) {
            Iterator<Map.Entry<String, JsonNode>> fields = results.get(i).fields();
            if (!fields.hasNext()) {
                throw new IOException("_bulk answer of " + host + " has an empty item " + i + " for "
                        + describe(items.get(i)));
            }
            Map.Entry<String, JsonNode> entry = fields.next();
            JsonNode r = entry.getValue();
            JsonNode error = r.path("error");
            out.add(new BulkItemResult(entry.getKey(), r.path("_index").asText(items.get(i).index()),
                    r.path("_id").asText(items.get(i).id()), r.path("status").asInt(),
                    error.isMissingNode() ? null : error.path("type").asText(null),
                    error.isMissingNode() ? null : error.path("reason").asText(error.toString())));
        }
        return out;
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
