package io.inventorysync.indexer.client;

/**
 * One {@code _bulk} item: its NDJSON lines (action line, then the source line for {@code index} and {@code update}),
 * each ending with a newline, already built by a JSON library.
 *
 * @param index the target index (for logs and error messages)
 * @param id    the document {@code _id} (for logs and error messages)
 */
public record BulkItem(String index, String id, byte[] lines) {}
