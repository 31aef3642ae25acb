/**
 * Turns a complete session into indexer requests (behaviour.md §5–7). The session side hands it over as a
 * {@link io.inventorysync.indexer.CompleteSession}, a type this package owns, with its items as a stream of
 * {@link io.inventorysync.indexer.SessionItem}s. Then: the DataClean and ModuleFull delete-by-queries
 * and the stored DataValues streamed into {@code _bulk} chunks
 * ({@link io.inventorysync.indexer.SessionIndexer}), the documents rebuilt by Jackson with the session's agent fields
 * ({@link io.inventorysync.indexer.AgentDocuments}); ModuleCheck, metadata and group sessions go to
 * {@link io.inventorysync.indexer.agent}.
 *
 * <p>The top of the indexer side, above {@link io.inventorysync.indexer.agent} and
 * {@link io.inventorysync.indexer.client}; nothing on the indexer side imports the session, store, router, config or
 * wazuh packages.
 */
package io.inventorysync.indexer;
