package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.store.RocksDBStore;
import io.inventorysync.store.RocksDBStoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose first message brought the aggregator nothing — here the store refused its write — still times out
 * (behaviour.md §12): its slot and quota come back after the inactivity timeout, counted from that message.
 */
class StoreRefusedFirstWriteExpiryTest {

    /** A real store's payload API that refuses item writes. */
    private static final class RefusingPayload extends RocksDBPayload {
        RefusingPayload(RocksDBStore store) {
            super(store);
        }

        @Override
        public void putItem(RocksDBKeyspace space, long session, long seq, byte[] value) {
            throw new RocksDBStoreException("disk full (test)");
        }
    }

    @Test
    void theRefusedSessionExpiresAfterTheTimeout(@TempDir Path dir) {
        RocksDBStore store = new RocksDBStore(dir);
        try (MessagesFixture f = new MessagesFixture(store, new RefusingPayload(store))) {
            SessionCompletion completion = new SessionCompletion(f.admission, null, f.metrics, Duration.ofSeconds(10));
            Session session = f.start(Mode.ModuleFull, 500_000);
            f.clock.addAndGet(TimeUnit.SECONDS.toNanos(5));
            List<SessionUpdate> updates = f.read(AgentMessages.dataValue(
                    0,
                    session.id(),
                    Operation.Upsert,
                    "a",
                    "wazuh-states-inventory-packages",
                    0,
                    "{}".getBytes(StandardCharsets.UTF_8)));
            assertThat(updates).isEmpty();
            assertThat(f.metrics.messagesNotStored.sum()).isEqualTo(1);

            f.clock.addAndGet(TimeUnit.SECONDS.toNanos(9)); // 14 s after the Start, 9 s after its message
            assertThat(completion.idleSessions()).isEmpty();
            f.clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            assertThat(completion.idleSessions()).containsExactly(session.id());
            expire(completion, session.id());

            assertThat(f.admission.find(session.id())).isEmpty();
            assertThat(f.admission.pendingItems()).isZero();
            assertThat(f.metrics.sessionsExpired.sum()).isEqualTo(1);
        }
    }

    static void expire(SessionCompletion completion, long id) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(id);
        completion.expireIdle(exchange);
    }
}
