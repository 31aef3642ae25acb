/**
 * Counters and gauges of the service, shared by the router, session and indexer parts; exposed as the
 * {@code io.inventorysync:type=Sessions} MBean ({@link SessionStats}), the health checks over loopback HTTP, and
 * {@code GET /metrics} for Prometheus on the same listener ({@link PrometheusMetrics}, with the latency histograms the
 * router and indexer record through {@link ReplyLatencies} and {@link IndexerRequestMetrics}).
 */
package io.inventorysync.metrics;
