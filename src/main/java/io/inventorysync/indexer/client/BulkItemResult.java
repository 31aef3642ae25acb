package io.inventorysync.indexer.client;

/**
 * The indexer's verdict on one {@code _bulk} item.
 *
 * @param action      {@code index}, {@code update}, {@code delete} or {@code create}
 * @param status      the item's HTTP status
 * @param errorType   the error type ({@code version_conflict_engine_exception}...), null on success
 * @param errorReason the error reason, null on success
 */
public record BulkItemResult(
        String action, String index, String id, int status, String errorType, String errorReason) {}
