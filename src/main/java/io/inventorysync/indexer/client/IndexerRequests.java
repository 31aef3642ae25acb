package io.inventorysync.indexer.client;

import java.io.IOException;
import java.util.List;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The indexer cluster as the rest of the service sees it: a request goes to some usable host, following the
 * host-selection, failover and retry rules of behaviour.md §8; a bulk is sent in as many requests as it takes.
 * Implementations block (up to the retry deadline): call them from indexer threads only.
 */
public interface IndexerRequests {

    /**
     * The official client's typed API over the cluster: every request it sends follows the rules above. Its calls
     * throw {@link IndexerUnavailableException} when no host could be reached before the deadline, and
     * {@link IndexerResponseException} for an error answer (after retries for 429 and 5xx), naming the request,
     * the host and the indexer's reason. Asynchronous calls are refused: the rules block.
     */
    OpenSearchClient client();

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
