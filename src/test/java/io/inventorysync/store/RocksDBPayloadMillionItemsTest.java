package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session of 1,000,000 items is streamed back in seq order without the items ever being held in the heap. */
class RocksDBPayloadMillionItemsTest {

    private static final int ITEMS = 1_000_000;
    private static final int VALUE_BYTES = 100;
    private static final long SESSION = 0x9E3779B97F4A7C15L; // "negative": exercises the unsigned key form

    @TempDir
    Path dir;

    private static byte[] value(long seq) {
        byte[] v = new byte[VALUE_BYTES];
        ByteBuffer.wrap(v).putLong(seq).putLong(~seq);
        return v;
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void millionItemsStreamBackInOrderWithASmallHeap() {
        RocksDBStore store = new RocksDBStore(dir.resolve("db"));
        store.setWal(false);
        store.start();
        RocksDBPayload payload = new RocksDBPayload(store);
        try {
            // neighbours on both sides must not leak into the stream
            payload.putItem(RocksDBKeyspace.PAYLOAD, SESSION - 1, 0, value(-1));
            payload.putItem(RocksDBKeyspace.PAYLOAD, SESSION + 1, 0, value(-1));
            // written in a shuffled block order: the store, not the writer, provides the order
            int batch = 10_000;
            List<Integer> blocks = new ArrayList<>();
            for (int b = 0; b < ITEMS / batch; b++) {
                blocks.add(b);
            }
            Collections.shuffle(blocks, new Random(7));
            for (int b : blocks) {
                List<RocksDBItem> items = new ArrayList<>(batch);
                for (long seq = (long) b * batch; seq < (long) (b + 1) * batch; seq++) {
                    items.add(new RocksDBItem(SESSION, seq, value(seq)));
                }
                RocksDBPayloadSupport.putAll(payload, RocksDBKeyspace.PAYLOAD, items);
            }

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = usedHeapAfterGc(memory);
            long[] state = {0, 0}; // next expected seq, heap delta at the half-way point
            try (Stream<RocksDBItem> items = payload.readItems(RocksDBKeyspace.PAYLOAD, SESSION)) {
                items.forEach(item -> {
                    long expected = state[0]++;
                    ByteBuffer b = ByteBuffer.wrap(item.value());
                    if (item.seq() != expected
                            || b.getLong() != expected
                            || b.getLong() != ~expected
                            || item.session() != SESSION) {
                        throw new AssertionError("wrong item at seq " + expected);
                    }
                    if (expected == ITEMS / 2) {
                        state[1] = usedHeapAfterGc(memory) - before;
                    }
                });
            }
            assertThat(state[0]).isEqualTo(ITEMS);
            // 500,000 retained items would be > 50 MB of values alone
            assertThat(state[1])
                    .as("live heap growth half-way through the stream")
                    .isLessThan(16L << 20);

            payload.deleteItems(SESSION);
            try (Stream<RocksDBItem> items = payload.readItems(RocksDBKeyspace.PAYLOAD, SESSION)) {
                assertThat(items.findAny()).isEmpty();
            }
            assertThat(RocksDBPayloadSupport.value(payload, RocksDBKeyspace.PAYLOAD, SESSION + 1, 0))
                    .isNotNull();
        } finally {
            store.stop();
        }
    }
}
