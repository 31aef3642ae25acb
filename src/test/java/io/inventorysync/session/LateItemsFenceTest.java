package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Operation;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.DataValueSpec;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.store.RocksDBStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items written while their session is replaced (its range delete runs between the session lookup and the write) do
 * not outlive it: the writer sees the session closed after its write and deletes again (issue 14 §10).
 */
class LateItemsFenceTest {

    private static final byte[] DATA = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final String INDEX = "wazuh-states-inventory-packages";

    /** A real store's payload API whose next write is preceded by a replacing Start of the same agent and module. */
    private static final class ReplacingPayload extends RocksDBPayload {
        Runnable beforeWrite;

        ReplacingPayload(RocksDBStore store) {
            super(store);
        }

        @Override
        public void putItem(RocksDBKeyspace space, long session, long seq, byte[] value) {
            runBeforeWrite();
            super.putItem(space, session, seq, value);
        }

        @Override
        public ItemBatch itemBatch(RocksDBKeyspace space) {
            runBeforeWrite();
            return super.itemBatch(space);
        }

        private void runBeforeWrite() {
            Runnable r = beforeWrite;
            beforeWrite = null;
            if (r != null) {
                r.run();
            }
        }
    }

    @Test
    void aDataValueWrittenAfterTheReplacementIsDeletedAgain(@TempDir Path dir) {
        RocksDBStore store = new RocksDBStore(dir);
        ReplacingPayload payload = new ReplacingPayload(store);
        try (MessagesFixture f = new MessagesFixture(store, payload)) {
            Session old = f.start();
            payload.beforeWrite = f::start;
            List<SessionUpdate> updates =
                    f.read(AgentMessages.dataValue(0, old.id(), Operation.Upsert, "a", INDEX, 0, DATA));
            assertThat(old.phase()).isEqualTo(Session.Phase.CLOSED);
            assertThat(count(payload, RocksDBKeyspace.PAYLOAD, old.id())).isZero();
            assertThat(updates).isEmpty();
            assertThat(f.metrics.itemsAfterClose.sum()).isEqualTo(1);
        }
    }

    @Test
    void aDataBatchWrittenAfterTheReplacementIsDeletedAgain(@TempDir Path dir) {
        RocksDBStore store = new RocksDBStore(dir);
        ReplacingPayload payload = new ReplacingPayload(store);
        try (MessagesFixture f = new MessagesFixture(store, payload)) {
            Session old = f.start();
            payload.beforeWrite = f::start;
            f.read(AgentMessages.dataBatch(List.of(
                    new DataValueSpec(0, old.id(), Operation.Upsert, "a", INDEX, 0, DATA),
                    new DataValueSpec(1, old.id(), Operation.Upsert, "b", INDEX, 0, DATA))));
            assertThat(count(payload, RocksDBKeyspace.PAYLOAD, old.id())).isZero();
        }
    }

    @Test
    void aDataContextWrittenAfterTheReplacementIsDeletedAgain(@TempDir Path dir) {
        RocksDBStore store = new RocksDBStore(dir);
        ReplacingPayload payload = new ReplacingPayload(store);
        try (MessagesFixture f = new MessagesFixture(store, payload)) {
            Session old = f.start();
            payload.beforeWrite = f::start;
            f.read(AgentMessages.dataContext(0, old.id(), "c", INDEX, DATA));
            assertThat(count(payload, RocksDBKeyspace.CONTEXT, old.id())).isZero();
        }
    }

    private static long count(RocksDBPayload payload, RocksDBKeyspace space, long session) {
        try (var items = payload.readItems(space, session)) {
            return items.count();
        }
    }
}
