/**
 * The bottom layer: helpers every other package may use and that use none of them (log text escaping, rate-limited
 * logging, the one-line configuration error).
 */
package io.inventorysync.support;
