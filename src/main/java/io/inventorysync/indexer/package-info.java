/**
 * The connection to the Wazuh Indexer (OpenSearch): the TLS material from ossec.conf's PEM files
 * ({@link io.inventorysync.indexer.IndexerTls}), the pooled HTTPS client with mutual TLS and host name
 * verification ({@link io.inventorysync.indexer.IndexerClient}) and per-host health
 * ({@link io.inventorysync.indexer.IndexerHealth}). Later: bulk building, round-robin over usable hosts and the
 * retry rules of the behaviour spec (§8).
 */
package io.inventorysync.indexer;
