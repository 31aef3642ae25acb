/**
 * Group-committed indexing of complete sessions, whatever front door they came through: the queue of
 * {@code seda:session-indexing} holds sessions of both protocol generations ({@link io.inventorysync.indexing.QueuedSession}),
 * and an indexing thread takes one with the queued sessions of other agents along
 * ({@link io.inventorysync.indexing.IndexingGroups}), indexes them together ({@link io.inventorysync.indexer}) and
 * hands each its outcome, which the front door turns into its answer (an {@code EndAck}, an HTTP status).
 *
 * <p>Below the front doors ({@code session}, {@code fullsession}), above {@code indexer}.
 */
package io.inventorysync.indexing;
