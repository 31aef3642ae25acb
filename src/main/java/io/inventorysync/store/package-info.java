/**
 * RocksDB storage for Camel aggregation: sessions whose items never live in the heap.
 *
 * <p>This package owns one RocksDB database and everything written to it. It depends on Camel's SPI and
 * on RocksDB only, never on another package of the service, so it can become an artifact of its own.
 *
 * <ul>
 * <li>{@link io.inventorysync.store.RocksDBStore} — the database lifecycle (a Camel {@code Service}): one
 * RocksDB with the column families {@code groups}, {@code completed}, {@code payload} and {@code context},
 * wipe-or-keep at start, the health probe, and the one lock every operation runs under.</li>
 * <li>{@link io.inventorysync.store.RocksDBPayload} — the payload API: put an item under
 * {@code <session>_<seq>}, stream a session's items back in {@code seq} order, delete a session's items with one
 * range delete.</li>
 * <li>{@link io.inventorysync.store.RocksDBAggregationRepository} — a
 * {@link org.apache.camel.spi.RecoverableAggregationRepository} that keeps open groups in {@code groups} and
 * completed-but-unconfirmed groups in {@code completed} (persisted by {@code RocksDBGroups}). The aggregated
 * exchange is meant to be a small summary; the items go to the payload API.</li>
 * <li>{@link io.inventorysync.store.RocksDBExchangeCodec} — the explicit, versioned binary format of a stored
 * exchange (no Java serialization).</li>
 * <li>{@link io.inventorysync.store.RocksDBPayloadKeys} — the key format of items.</li>
 * </ul>
 */
package io.inventorysync.store;
