/**
 * The connection to the Wazuh Indexer (OpenSearch): with the TLS material of ossec.conf's PEM files
 * ({@link io.inventorysync.tls.TlsMaterial}), the pooled HTTPS client with mutual TLS and host name
 * verification ({@link io.inventorysync.indexer.IndexerClient}), per-host health
 * ({@link io.inventorysync.indexer.IndexerHealth}) and the connector that turns them into one reliable endpoint:
 * round-robin, failover, waiting for a usable host, 429/5xx backoff and 413 splitting
 * ({@link io.inventorysync.indexer.IndexerConnector}, behaviour.md §8).
 */
package io.inventorysync.indexer;
