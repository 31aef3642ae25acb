package io.inventorysync.indexer;

import java.io.IOException;
import java.util.List;

/**
 * The indexer cluster as the rest of the service sees it: a request goes to some usable host, following the
 * host-selection, failover and retry rules of behaviour.md §8; a bulk is sent in as many requests as it takes.
 * Implementations block (up to the retry deadline): call them from indexer threads only.
 */
public interface IndexerRequests {

    /**
     * One request with a JSON body (or none) to a usable host.
     *
     * @param path path and query, starting with {@code /}
     * @return the answer of the host that answered ({@link Response#host()}), whatever its status once retries
     *         are over
     * @throws IndexerUnavailableException when no host could be reached before the deadline
     * @throws IndexerResponseException   when 429/5xx answers persisted past the retry attempts or deadline
     */
    Response execute(String method, String path, byte[] jsonBody) throws IOException;

    /**
     * A {@code _bulk} of these items, in order. The results are per item, in the order of {@code items}; a
     * {@code 413} is handled by splitting, never reported as an item failure unless one item alone is too large:
     * that item's result has status 413 and a reason naming its id.
     *
     * @throws IndexerUnavailableException when no host could be reached before the deadline
     * @throws IndexerResponseException   when the bulk as a whole failed (after retries), naming host and items
     */
    List<BulkItemResult> bulk(List<BulkItem> items) throws IOException;

    /**
     * The same cluster, with every call of the returned view bounded by one deadline instead of a deadline per
     * call: a session waits for the indexer at most {@code inventory.indexer.retry-deadline} since it completed.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     */
    default IndexerRequests until(long deadlineNanos) {
        return this;
    }
}
