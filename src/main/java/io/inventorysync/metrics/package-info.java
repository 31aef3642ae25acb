/**
 * Counters and gauges of the service, shared by the router, session and indexer parts; exposed as the
 * {@code io.inventorysync:type=Sessions} MBean ({@link SessionStats}), and the health checks over loopback HTTP.
 */
package io.inventorysync.metrics;
