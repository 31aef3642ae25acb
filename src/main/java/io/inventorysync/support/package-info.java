/**
 * The bottom layer: helpers every other package may use and that use none of them (log text escaping, rate-limited
 * logging, the one-line configuration error, the {@link io.inventorysync.support.Ticker} that waiting code reads and
 * sleeps on).
 */
package io.inventorysync.support;
