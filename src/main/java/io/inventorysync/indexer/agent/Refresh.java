package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.indexer.IndexerRequests;
import io.inventorysync.indexer.Response;
import java.io.IOException;

/**
 * A refresh before a by-query request: by-query requests see only searchable documents, and what an earlier
 * session got acknowledged must count. Asking for it is cheaper and surer than waiting for the refresh interval.
 */
public final class Refresh {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Refresh() {}

    /**
     * Refreshes; null when that worked, else the failed result to return instead of running the request. A 2xx answer
     * whose {@code _shards.failed} is not 0 failed too: the documents of those shards stay invisible to the request.
     */
    public static ByQueryResult before(IndexerRequests requests, String refreshPath, String what) throws IOException {
        Response response = requests.execute("POST", refreshPath, null);
        if (!response.isSuccess()) {
            return ByQueryResult.failure(
                    "refresh before " + what + " answered HTTP " + response.status() + ": " + response.excerpt(300));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return ByQueryResult.failure(
                    "refresh before " + what + " answered unreadable JSON: " + response.excerpt(300));
        }
        int failed = body == null ? 0 : body.path("_shards").path("failed").asInt(0);
        return failed == 0
                ? null
                : ByQueryResult.failure(
                        "refresh before " + what + " failed on " + failed + " shard(s): " + response.excerpt(300));
    }
}
