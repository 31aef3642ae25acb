package io.inventorysync.session;

import Wazuh.SyncSchema.Message;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.InboundSegment;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.store.RocksDBStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/** {@link SessionMessages} over a real RocksDB store, as the session-data route calls it, with a clock the test moves. */
final class MessagesFixture implements AutoCloseable {

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final ServiceMetrics metrics = new ServiceMetrics();
    final SessionAdmission admission =
            new SessionAdmission(new SessionLimits(100, 1_000_000), () -> true, metrics, clock::get);
    final RocksDBStore store;
    final RocksDBPayload payload;
    final SessionMessages messages;
    private final CamelContext camel = new DefaultCamelContext();

    MessagesFixture(RocksDBStore store) {
        this(store, new RocksDBPayload(store));
    }

    /** @param payload the payload API of {@code store} the messages are stored through (a test's subclass) */
    MessagesFixture(RocksDBStore store, RocksDBPayload payload) {
        this.store = store;
        this.payload = payload;
        store.setWipeOnStart(true);
        store.setWal(false);
        store.start();
        // what the service's configuration registers: a range delete when a session that got a message closes
        admission.onClose(new ClosedSessionItems(payload));
        messages = new SessionMessages(admission, payload, metrics);
    }

    /** A new ModuleFull session of agent 001 (replacing the previous one), 10 items. */
    Session start() {
        return start(Wazuh.SyncSchema.Mode.ModuleFull, 10);
    }

    Session start(byte mode, long size) {
        AgentMetadata meta = new AgentMetadata("n", "v", List.of(), "x86_64", "h", "os", "p", "t", "1");
        StartRequest start =
                new StartRequest("001", "syscollector", mode, size, List.of(), (byte) 0, () -> meta, 0, "", "");
        return admission.admit(start, null).session();
    }

    /** The updates the messages of one read amount to. */
    @SuppressWarnings("unchecked")
    List<SessionUpdate> read(byte[]... bodies) {
        List<Message> segment = new ArrayList<>();
        for (byte[] body : bodies) {
            segment.add(Message.getRootAsMessage(ByteBuffer.wrap(body)));
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(new InboundSegment.Data(null, segment));
        messages.process(exchange);
        return exchange.getMessage().getBody(List.class);
    }

    @Override
    public void close() {
        store.stop();
    }
}
