package io.inventorysync.store;

import java.util.Collection;
import java.util.stream.Stream;

/** Payload writes and reads for tests, through the paths the service uses: write batches and item streams. */
final class RocksDBPayloadSupport {

    private RocksDBPayloadSupport() {}

    /** Stores {@code items} with one write batch, each value written into the batch's buffer as the service does. */
    static void putAll(RocksDBPayload payload, RocksDBKeyspace space, Collection<RocksDBItem> items) {
        try (RocksDBPayload.ItemBatch batch = payload.itemBatch(space)) {
            for (RocksDBItem item : items) {
                batch.value(item.value().length).put(item.value());
                batch.put(item.session(), item.seq());
            }
            batch.write();
        }
    }

    /** The value of item {@code seq} of {@code session}, read back from the session's item stream; null if absent. */
    static byte[] value(RocksDBPayload payload, RocksDBKeyspace space, long session, long seq) {
        try (Stream<RocksDBItem> items = payload.readItems(space, session)) {
            return items.filter(i -> i.seq() == seq)
                    .map(RocksDBItem::value)
                    .findFirst()
                    .orElse(null);
        }
    }
}
