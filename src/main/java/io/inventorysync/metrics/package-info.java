/** Counters and gauges of the service, shared by the router, session and indexer parts and exposed over JMX. */
package io.inventorysync.metrics;
