/**
 * Indexer work on one agent's documents as a whole, called by the session pipeline and the command route: the
 * ModuleCheck checksum ({@link io.inventorysync.indexer.agent.ModuleChecksum}, behaviour.md §6), metadata and group
 * updates ({@link io.inventorysync.indexer.agent.AgentDocumentUpdates}, §7), agent deletion
 * ({@link io.inventorysync.indexer.agent.AgentDeletion}, {@link io.inventorysync.indexer.agent.AgentCommands}), the
 * agent/cluster query they share ({@link io.inventorysync.indexer.agent.AgentQuery}), the §5 agent fields
 * ({@link io.inventorysync.indexer.agent.AgentFields}) and the painless scripts
 * ({@link io.inventorysync.indexer.agent.PainlessScripts}, sources in {@code resources/painless/}), and the indices
 * agents may name ({@link io.inventorysync.indexer.agent.IndexAllowlist}). Requests go through
 * {@link io.inventorysync.indexer.client}; nothing here knows sessions.
 *
 * <p>Mapping assumption: {@code wazuh.agent.id}, {@code wazuh.cluster.name} and {@code checksum.hash.sha1} are
 * {@code keyword} fields, as the Wazuh {@code wazuh-states-*} index templates map them. Nothing here falls back to
 * a {@code .keyword} subfield of dynamic mapping.
 */
package io.inventorysync.indexer.agent;
