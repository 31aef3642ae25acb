package io.inventorysync.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * The simplest {@link IndexerRequests}: the first usable host, one attempt, no splitting. A stand-in until the
 * failover/retry connector replaces it; kept small on purpose.
 */
public final class SingleHostRequests implements IndexerRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final IndexerClient client;
    private final IndexerHealth health;

    public SingleHostRequests(IndexerClient client, IndexerHealth health) {
        this.client = client;
        this.health = health;
    }

    @Override
    public Response execute(String method, String path, byte[] jsonBody) throws IOException {
        return client.send(host(), method, path, jsonBody == null ? null : new ByteArrayEntity(jsonBody, ContentType.APPLICATION_JSON));
    }

    @Override
    public List<BulkItemResult> bulk(List<BulkItem> items) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BulkItem item : items) {
            body.write(item.lines());
        }
        Response response = client.send(host(), "POST", "/_bulk", new ByteArrayEntity(body.toByteArray(), NDJSON));
        if (!response.isSuccess()) {
            throw new IOException("_bulk answered HTTP " + response.status() + ": " + response.excerpt(300));
        }
        return parseBulkResponse(response.body(), items);
    }

    /** The per-item results of a {@code _bulk} answer, in request order. */
    public static List<BulkItemResult> parseBulkResponse(byte[] body, List<BulkItem> items) throws IOException {
        JsonNode answer = JSON.readTree(body);
        JsonNode results = answer.path("items");
        if (!results.isArray() || results.size() != items.size()) {
            throw new IOException("_bulk answer has " + results.size() + " items for " + items.size() + " sent");
        }
        List<BulkItemResult> out = new ArrayList<>(items.size());
        for (int i = 0; i < results.size(); i++) {
            Iterator<Map.Entry<String, JsonNode>> fields = results.get(i).fields();
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

    private String host() throws IndexerUnavailableException {
        List<String> usable = health.usableHosts();
        if (usable.isEmpty()) {
            throw new IndexerUnavailableException("no usable indexer host", null);
        }
        return usable.get(0);
    }
}
