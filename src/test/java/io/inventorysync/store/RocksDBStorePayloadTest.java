package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payload API without routes: put, stream back in seq order, range delete, key spaces apart, stop. */
class RocksDBStorePayloadTest {

    @TempDir
    Path dir;

    private RocksDBStore store;
    private RocksDBPayload payload;

    @BeforeEach
    void start() {
        store = new RocksDBStore(dir.resolve("db"));
        store.start();
        payload = new RocksDBPayload(store);
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    private static byte[] v(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] value(RocksDBKeyspace space, long session, long seq) {
        return RocksDBPayloadSupport.value(payload, space, session, seq);
    }

    private List<Long> seqs(RocksDBKeyspace space, long session) {
        try (Stream<RocksDBItem> items = payload.readItems(space, session)) {
            return items.map(RocksDBItem::seq).toList();
        }
    }

    @Test
    void itemsComeBackInSeqOrderNotInsertionOrder() {
        for (long seq : new long[] {10, 9, 100, 2, 1_000_000_000_000L}) {
            payload.putItem(RocksDBKeyspace.PAYLOAD, 5, seq, v("v" + seq));
        }
        try (Stream<RocksDBItem> items = payload.readItems(RocksDBKeyspace.PAYLOAD, 5)) {
            List<RocksDBItem> list = items.toList();
            assertThat(list).extracting(RocksDBItem::seq).containsExactly(2L, 9L, 10L, 100L, 1_000_000_000_000L);
            assertThat(list).allSatisfy(i -> {
                assertThat(i.session()).isEqualTo(5);
                assertThat(new String(i.value(), StandardCharsets.UTF_8)).isEqualTo("v" + i.seq());
            });
        }
    }

    @Test
    void repeatedSeqOverwrites() {
        payload.putItem(RocksDBKeyspace.PAYLOAD, 1, 0, v("first"));
        payload.putItem(RocksDBKeyspace.PAYLOAD, 1, 0, v("second"));
        assertThat(value(RocksDBKeyspace.PAYLOAD, 1, 0)).isEqualTo(v("second"));
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 1)).containsExactly(0L);
    }

    @Test
    void neighbouringSessionsDoNotMix() {
        for (long session : new long[] {41, 42, 43, 420, 4}) {
            payload.putItem(RocksDBKeyspace.PAYLOAD, session, 0, v("x"));
            payload.putItem(RocksDBKeyspace.PAYLOAD, session, 1, v("y"));
        }
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 42)).containsExactly(0L, 1L);
        try (Stream<RocksDBItem> items = payload.readItems(RocksDBKeyspace.PAYLOAD, 42)) {
            assertThat(items).allSatisfy(i -> assertThat(i.session()).isEqualTo(42));
        }
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 7)).isEmpty();
    }

    @Test
    void unsignedSessionIdsWork() {
        payload.putItem(RocksDBKeyspace.PAYLOAD, -1L, 3, v("max"));
        payload.putItem(RocksDBKeyspace.PAYLOAD, Long.MIN_VALUE, 3, v("min"));
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, -1L)).containsExactly(3L);
        assertThat(value(RocksDBKeyspace.PAYLOAD, Long.MIN_VALUE, 3)).isEqualTo(v("min"));
    }

    @Test
    void keySpacesAreKeptApart() {
        payload.putItem(RocksDBKeyspace.PAYLOAD, 9, 0, v("value"));
        payload.putItem(RocksDBKeyspace.CONTEXT, 9, 1, v("context"));
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 9)).containsExactly(0L);
        assertThat(seqs(RocksDBKeyspace.CONTEXT, 9)).containsExactly(1L);
        assertThat(value(RocksDBKeyspace.PAYLOAD, 9, 1)).isNull();
    }

    @Test
    void deleteItemsRemovesTheWholeSessionInEveryKeySpaceAndNothingElse() {
        for (long seq = 0; seq < 1000; seq++) {
            payload.putItem(RocksDBKeyspace.PAYLOAD, 8, seq, v("a"));
            payload.putItem(RocksDBKeyspace.CONTEXT, 8, seq, v("c"));
            payload.putItem(RocksDBKeyspace.PAYLOAD, 7, seq, v("b"));
            payload.putItem(RocksDBKeyspace.PAYLOAD, 9, seq, v("d"));
        }
        payload.deleteItems(8);
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 8)).isEmpty();
        assertThat(seqs(RocksDBKeyspace.CONTEXT, 8)).isEmpty();
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 7)).hasSize(1000);
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 9)).hasSize(1000);
    }

    @Test
    void batchPutStoresEveryItemAtomically() {
        RocksDBPayloadSupport.putAll(
                payload,
                RocksDBKeyspace.PAYLOAD,
                List.of(
                        new RocksDBItem(4, 2, v("2")),
                        new RocksDBItem(4, 0, v("0")),
                        new RocksDBItem(6, 1, v("other session"))));
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 4)).containsExactly(0L, 2L);
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 6)).containsExactly(1L);
    }

    @Test
    void streamSeesASnapshotTakenWhenItWasOpened() {
        payload.putItem(RocksDBKeyspace.PAYLOAD, 2, 0, v("a"));
        try (Stream<RocksDBItem> items = payload.readItems(RocksDBKeyspace.PAYLOAD, 2)) {
            Iterator<RocksDBItem> it = items.iterator();
            payload.putItem(RocksDBKeyspace.PAYLOAD, 2, 1, v("later"));
            assertThat(it.next().seq()).isZero();
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void stoppingTheStoreClosesOpenStreamsAndReadersFailLoudly() {
        payload.putItem(RocksDBKeyspace.PAYLOAD, 2, 0, v("a"));
        payload.putItem(RocksDBKeyspace.PAYLOAD, 2, 1, v("b"));
        Stream<RocksDBItem> items = payload.readItems(RocksDBKeyspace.PAYLOAD, 2);
        Iterator<RocksDBItem> it = items.iterator();
        it.next();
        store.stop();
        assertThatThrownBy(it::hasNext)
                .isInstanceOf(RocksDBStoreException.class)
                .hasMessageContaining("stopped");
        items.close();
        assertThatThrownBy(() -> payload.putItem(RocksDBKeyspace.PAYLOAD, 2, 2, v("c")))
                .isInstanceOf(RocksDBStoreException.class)
                .hasMessageContaining("not started");
        store.start();
        assertThat(seqs(RocksDBKeyspace.PAYLOAD, 2)).containsExactly(0L, 1L);
    }
}
