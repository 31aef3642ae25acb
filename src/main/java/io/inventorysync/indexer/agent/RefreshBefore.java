package io.inventorysync.indexer.agent;

import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.IndexerResponseException;
import java.io.IOException;
import java.util.List;
import org.opensearch.client.opensearch.indices.RefreshResponse;

/**
 * A refresh before a by-query request: by-query requests see only searchable documents, and what an earlier
 * session got acknowledged must count. Asking for it is cheaper and surer than waiting for the refresh interval.
 */
public final class RefreshBefore {

    private RefreshBefore() {}

    /**
     * Refreshes {@code indices} (missing ones are no error); null when that worked, else the failed result to return
     * instead of running the request. A 2xx answer whose {@code _shards.failed} is not 0 failed too: the documents
     * of those shards stay invisible to the request.
     *
     * @throws IOException when the indexer cannot take the refresh (out of reach, or busy past the retries)
     */
    public static ByQueryResult byQuery(IndexerRequests requests, List<String> indices, String what)
            throws IOException {
        RefreshResponse response;
        try {
            response = requests.client()
                    .indices()
                    .refresh(r -> r.index(indices).ignoreUnavailable(true).allowNoIndices(true));
        } catch (IndexerResponseException e) {
            return ByQueryResult.refused("refresh before " + what, e);
        }
        int failed = response.shards().failed();
        return failed == 0
                ? null
                : ByQueryResult.failure("refresh before " + what + " failed on " + failed + " shard(s): "
                        + ByQueryResult.excerpt(response.shards().toJsonString()));
    }
}
