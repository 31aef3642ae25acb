package io.inventorysync.indexer;

/**
 * One stored DataValue of a complete session, as the indexer reads it (behaviour.md §5 step 3).
 *
 * @param seq       its sequence number (unsigned), for messages
 * @param operation the raw {@code Operation} value: an unknown one fails the session
 * @param version   the document version (unsigned); 0 for a plain {@code index}
 * @param id        the agent's id of the document, not yet prefixed with cluster and agent
 * @param index     the target index as the agent named it (checked against the allowlist here)
 * @param data      the agent's JSON document (Upsert), empty for Delete
 */
public record SessionItem(long seq, byte operation, long version, String id, String index, byte[] data) {}
