package io.inventorysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.config.OssecConf;
import io.inventorysync.indexer.client.IndexerClient;
import io.inventorysync.indexer.client.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.opensearch.client.opensearch.generic.Body;

/** Reads the real test indexer directly (after a refresh) to check what the service wrote. */
public final class IndexerQueries implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final IndexerClient client;
    private final String url;

    public IndexerQueries(TestIndexer indexer, Path dir) {
        this.client = IndexerClient.create(
                OssecConf.load(indexer.writeOssecConf(dir.resolve("queries"))).indexerSettings());
        this.url = indexer.url();
    }

    /** Documents of this agent in the index (0 when the index does not exist). */
    public long count(String index, String agentId) {
        JsonNode r = call(
                "POST",
                "/" + index + "/_count?ignore_unavailable=true",
                "{\"query\":{\"term\":{\"wazuh.agent.id\":\"" + agentId + "\"}}}");
        return r.path("count").asLong();
    }

    /** The document's {@code _source}, or null. */
    public JsonNode source(String index, String id) {
        JsonNode r = call("GET", "/" + index + "/_doc/" + id, null);
        return r.path("found").asBoolean() ? r.path("_source") : null;
    }

    /** Any request; the JSON answer. Refreshes every index first so reads see what was acknowledged. */
    public JsonNode call(String method, String path, String json) {
        try {
            client.send(url, "POST", "/_refresh?ignore_unavailable=true", null);
            Response r = client.send(
                    url,
                    method,
                    path,
                    json == null ? null : Body.from(json.getBytes(StandardCharsets.UTF_8), "application/json"));
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
