package io.inventorysync.session;

import Wazuh.SyncSchema.ChecksumModule;
import Wazuh.SyncSchema.DataBatch;
import Wazuh.SyncSchema.DataClean;
import Wazuh.SyncSchema.DataContext;
import Wazuh.SyncSchema.DataValue;
import Wazuh.SyncSchema.End;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.agent.IndexAllowlist;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.InboundSegment;
import io.inventorysync.protocol.Responses;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.store.RocksDBStoreException;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-message work of behaviour.md §2–3 before aggregation: finds the session, checks bounds, stores items in
 * RocksDB and turns the message into {@link SessionUpdate}s (the aggregator's input). Constant cost per item,
 * whatever the session's size.
 */
public final class SessionMessages implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SessionMessages.class);

    private final SessionAdmission sessions;
    private final RocksDBPayload store;
    private final ServiceMetrics metrics;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);

    public SessionMessages(SessionAdmission sessions, RocksDBPayload store, ServiceMetrics metrics) {
        this.sessions = sessions;
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * Replaces the body (an {@link InboundSegment.Data} of verified data-carrying messages) by the {@link SessionUpdate}s
     * they amount to, each session's received sequence numbers merged. A message whose items cannot be stored is
     * logged and counted, and taken as not received (the agent is asked for it again at End); the others go on.
     */
    @Override
    public void process(Exchange exchange) {
        InboundSegment.Data segment = exchange.getMessage().getBody(InboundSegment.Data.class);
        Channel channel = segment.replyTo();
        SessionUpdateRun run = new SessionUpdateRun();
        // made here, so that the aggregator's copies of this exchange share it: the fold decides ReqRets into it
        Replies.of(exchange);
        for (Message message : segment.messages()) {
            try {
                accept(message, channel, run, exchange);
            } catch (RocksDBStoreException e) {
                metrics.messagesNotStored.increment();
                warnings.warn(
                        "store",
                        "A {} message could not be stored and is taken as not received: {}",
                        MessageType.name(message.contentType()),
                        e.getMessage());
            }
        }
        exchange.getMessage().setBody(run.toList());
    }

    private void accept(Message message, Channel channel, SessionUpdateRun run, Exchange exchange) {
        switch (message.contentType()) {
            case MessageType.DataValue -> dataValue((DataValue) message.content(new DataValue()), channel, run);
            case MessageType.DataBatch -> dataBatch((DataBatch) message.content(new DataBatch()), channel, run);
            case MessageType.DataContext -> dataContext((DataContext) message.content(new DataContext()), channel, run);
            case MessageType.DataClean -> dataClean((DataClean) message.content(new DataClean()), channel, run);
            case MessageType.ChecksumModule ->
                checksum((ChecksumModule) message.content(new ChecksumModule()), channel, run);
            case MessageType.End -> end((End) message.content(new End()), channel, run, exchange);
            default -> metrics.ignoredMessages.increment();
        }
    }

    private void dataValue(DataValue value, Channel channel, SessionUpdateRun run) {
        Session session = receiving(value.session(), value.seq(), channel);
        if (session != null) {
            store.putItem(
                    RocksDBKeyspace.PAYLOAD,
                    session.id(),
                    value.seq(),
                    new ItemViews(value.getByteBuffer()).stored(value));
            if (fenced(session)) {
                run.received(session.id(), value.seq());
            }
        }
    }

    /**
     * Each item on its own (a bad one does not spoil the others), stored with one write batch. A batch normally holds
     * one session's items: the session is looked up again only when it changes, and the item bytes are read through
     * three views of the frame made once per batch. The sequence numbers count as received once the batch is written.
     */
    private void dataBatch(DataBatch batch, Channel channel, SessionUpdateRun run) {
        int n = batch.valuesLength();
        long[] sessions = new long[n];
        long[] seqs = new long[n];
        int stored = 0;
        Session session = null;
        List<Session> written = new ArrayList<>(1);
        ItemViews views = new ItemViews(batch.getByteBuffer());
        DataValue value = new DataValue();
        try (RocksDBPayload.ItemBatch items = store.itemBatch(RocksDBKeyspace.PAYLOAD)) {
            for (int i = 0; i < n; i++) {
                batch.values(value, i);
                long id = value.session();
                if (session == null || session.id() != id) {
                    session = open(id, channel);
                }
                if (!receiving(session, value.seq())) {
                    continue;
                }
                if (written.isEmpty() || written.get(written.size() - 1) != session) {
                    written.add(session);
                }
                views.store(value, items);
                sessions[stored] = id;
                seqs[stored++] = value.seq();
            }
            items.write();
        }
        for (Session s : written) {
            fenced(s);
        }
        for (int i = 0; i < stored; i++) {
            run.received(sessions[i], seqs[i]);
        }
    }

    /** Views of a frame's buffer that FlatBuffers repositions for every item (not a new duplicate per field and item). */
    private static final class ItemViews {
        private final ByteBuffer id;
        private final ByteBuffer index;
        private final ByteBuffer data;

        ItemViews(ByteBuffer frame) {
            id = frame.duplicate();
            index = frame.duplicate();
            data = frame.duplicate();
        }

        byte[] stored(DataValue value) {
            return StoredItem.encode(
                    value.operation(),
                    value.version(),
                    value.idInByteBuffer(id),
                    value.indexInByteBuffer(index),
                    value.dataInByteBuffer(data));
        }

        /** Adds the item to {@code items}, encoded straight into the buffer RocksDB reads. */
        void store(DataValue value, RocksDBPayload.ItemBatch items) {
            ByteBuffer idBytes = value.idInByteBuffer(id);
            ByteBuffer indexBytes = value.indexInByteBuffer(index);
            ByteBuffer dataBytes = value.dataInByteBuffer(data);
            StoredItem.encode(
                    items.value(StoredItem.encodedLength(idBytes, indexBytes, dataBytes)),
                    value.operation(),
                    value.version(),
                    idBytes,
                    indexBytes,
                    dataBytes);
            items.put(value.session(), value.seq());
        }
    }

    private void dataContext(DataContext context, Channel channel, SessionUpdateRun run) {
        Session session = receiving(context.session(), context.seq(), channel);
        if (session != null) {
            store.putItem(
                    RocksDBKeyspace.CONTEXT,
                    session.id(),
                    context.seq(),
                    StoredItem.encode(
                            (byte) 0,
                            0,
                            context.idAsByteBuffer(),
                            context.indexAsByteBuffer(),
                            context.dataAsByteBuffer()));
            if (fenced(session)) {
                run.received(session.id(), context.seq());
            }
        }
    }

    private void dataClean(DataClean clean, Channel channel, SessionUpdateRun run) {
        Session session = receiving(clean.session(), clean.seq(), channel);
        if (session == null) {
            return;
        }
        String index = text(clean.index());
        if (!IndexAllowlist.isAllowed(index)) {
            warnings.warn(
                    "clean", "{}: DataClean of index '{}' ignored: not allowlisted", session, LogText.printable(index));
        } else if (!session.clean(index)) {
            metrics.cleanIndicesDropped.increment();
            warnings.warn(
                    "clean-cap",
                    "{}: DataClean of index '{}' ignored: the session names more than {} indices to clean",
                    session,
                    LogText.printable(index),
                    Session.MAX_CLEAN_INDICES);
        }
        // noted in the session itself, so a DataClean is a received seq like any other: merged into the read's update
        run.received(session.id(), clean.seq());
    }

    private void checksum(ChecksumModule checksum, Channel channel, SessionUpdateRun run) {
        Session session = open(checksum.session(), channel);
        if (session == null) {
            return;
        }
        if (!session.receiving()) {
            metrics.ignoredMessages.increment();
            return;
        }
        String index = text(checksum.index());
        if (!IndexAllowlist.isAllowed(index)) {
            warnings.warn(
                    "checksum", "{}: ChecksumModule index '{}' is not allowlisted", session, LogText.printable(index));
            index = null;
        }
        run.add(SessionUpdate.checksum(session.id(), index, text(checksum.checksum())));
    }

    private void end(End end, Channel channel, SessionUpdateRun run, Exchange exchange) {
        Session session = open(end.session(), channel);
        if (session == null) {
            return;
        }
        if (session.complete()) {
            // behaviour.md §3: complete and queued or indexing; the route's replies step sends it
            Replies.of(exchange).add(session, Responses.endAck(Status.Processing, session.id()));
            return;
        }
        session.endReceivedAt(Replies.receivedAt(exchange));
        run.add(SessionUpdate.end(session.id()));
    }

    /** The open, still receiving session of a sequence-tracked message whose seq is in range; null otherwise. */
    private Session receiving(long id, long seq, Channel channel) {
        Session session = open(id, channel);
        return receiving(session, seq) ? session : null;
    }

    /** Whether {@code session} (null: unknown) is still receiving and {@code seq} is in its range; counts and logs if not. */
    private boolean receiving(Session session, long seq) {
        if (session == null) {
            return false;
        }
        if (!session.receiving()) {
            metrics.ignoredMessages.increment();
            return false;
        }
        if (Long.compareUnsigned(seq, session.size()) >= 0) {
            metrics.outOfRangeItems.increment();
            warnings.warn(
                    "range",
                    "{}: seq {} is outside 0..{} and is ignored",
                    session,
                    Long.toUnsignedString(seq),
                    Long.toUnsignedString(session.size() - 1));
            return false;
        }
        return true;
    }

    private Session open(long id, Channel channel) {
        Session session = sessions.find(id).orElse(null);
        if (session == null || !session.touch()) {
            metrics.unknownSession.increment();
            LOG.debug("Message for unknown session {} ignored", Long.toUnsignedString(id));
            return null;
        }
        // whatever this message turns out to be (out of range, refused by the store), the session's idle time restarts
        // here: its expiry does not depend on the aggregator ever hearing of it
        session.messageAt(sessions.now());
        session.channel(channel);
        return session;
    }

    /**
     * After a write for {@code session}: true when it is still open. A session replaced or ended while its items were
     * written had its range delete run already, possibly before the write: its items are deleted again so that
     * nothing outlives it (the session is touched before any write, so the close always deletes too).
     */
    private boolean fenced(Session session) {
        if (session.phase() != Session.Phase.CLOSED) {
            return true;
        }
        metrics.itemsAfterClose.increment();
        LOG.debug("{} closed while its items were written: deleted again", session);
        try {
            store.deleteItems(session.id());
        } catch (RocksDBStoreException e) {
            metrics.deletesFailed.increment();
            warnings.warn(
                    "delete", "{}: items written after it closed could not be deleted: {}", session, e.getMessage());
        }
        return false;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
