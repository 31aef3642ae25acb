/**
 * The connection to the Wazuh Indexer (OpenSearch), on opensearch-java: one
 * {@link org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport} per configured host with mutual TLS
 * and host name verification ({@link io.inventorysync.indexer.client.IndexerClient}, from
 * {@link io.inventorysync.indexer.client.IndexerSettings}), per-host health
 * ({@link io.inventorysync.indexer.client.IndexerHealth}, {@code /_cluster/health}) and the spec's policy on top, which
 * turns them into one reliable endpoint: round-robin over usable hosts, failover, a deadline, 429/5xx backoff and 413
 * splitting ({@link io.inventorysync.indexer.client.IndexerConnector}, behaviour.md §8). Callers see
 * {@link io.inventorysync.indexer.client.IndexerRequests}: the client's typed API and the streamed {@code _bulk}.
 *
 * <p>The bottom of the indexer side: it knows nothing of agents, sessions or ossec.conf.
 */
package io.inventorysync.indexer.client;
