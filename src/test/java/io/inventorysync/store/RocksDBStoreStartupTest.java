package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up: keep-and-recover (the component default) versus wipe (what the service uses). */
class RocksDBStoreStartupTest {

    @TempDir
    Path dir;

    @Test
    void keepsEverythingByDefault() {
        RocksDBStore store = new RocksDBStore(dir.resolve("db"));
        assertThat(store.isWipeOnStart()).isFalse();
        store.start();
        RocksDBPayload payload = new RocksDBPayload(store);
        payload.putItem(RocksDBKeyspace.PAYLOAD, 1, 0, new byte[] {1});
        payload.putItem(RocksDBKeyspace.CONTEXT, 1, 1, new byte[] {2});
        store.stop();

        RocksDBStore again = new RocksDBStore(dir.resolve("db"));
        again.start();
        try {
            assertThat(value(again, RocksDBKeyspace.PAYLOAD, 1, 0)).containsExactly(1);
            assertThat(value(again, RocksDBKeyspace.CONTEXT, 1, 1)).containsExactly(2);
        } finally {
            again.stop();
        }
    }

    @Test
    void wipeOnStartDestroysEverythingAtEachStart() {
        RocksDBStore store = new RocksDBStore(dir.resolve("db"));
        RocksDBPayload payload = new RocksDBPayload(store);
        store.start();
        payload.putItem(RocksDBKeyspace.PAYLOAD, 1, 0, new byte[] {1});
        store.stop();

        store.setWipeOnStart(true);
        store.start();
        try {
            assertThat(value(store, RocksDBKeyspace.PAYLOAD, 1, 0)).isNull();
            payload.putItem(RocksDBKeyspace.PAYLOAD, 1, 5, new byte[] {5});
        } finally {
            store.stop();
        }
        store.start();
        try {
            assertThat(value(store, RocksDBKeyspace.PAYLOAD, 1, 5)).isNull();
        } finally {
            store.stop();
        }
    }

    @Test
    void wipeOnStartOnAFreshDirectoryCreatesIt() {
        RocksDBStore store = new RocksDBStore(dir.resolve("a/b/db"));
        store.setWipeOnStart(true);
        store.start();
        try {
            assertThat(store.isOpen()).isTrue();
        } finally {
            store.stop();
        }
        assertThat(store.isOpen()).isFalse();
    }

    private static byte[] value(RocksDBStore store, RocksDBKeyspace space, long session, long seq) {
        return RocksDBPayloadSupport.value(new RocksDBPayload(store), space, session, seq);
    }
}
