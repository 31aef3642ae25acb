package io.inventorysync.indexer.agent;

import io.inventorysync.indexer.IndexerRequests;
import io.inventorysync.indexer.Response;
import java.io.IOException;

/**
 * A refresh before a by-query request: by-query requests see only searchable documents, and what an earlier
 * session got acknowledged must count. Asking for it is cheaper and surer than waiting for the refresh interval.
 */
final class Refresh {

    private Refresh() {
    }

    /** Refreshes; null when that worked, else the failed result to return instead of running the request. */
    static ByQueryResult before(IndexerRequests requests, String refreshPath, String what) throws IOException {
        Response response = requests.execute("POST", refreshPath, null);
        return response.isSuccess() ? null
                : ByQueryResult.failure("refresh before " + what + " answered HTTP " + response.status() + ": "
                        + response.excerpt(300));
    }
}
