package io.inventorysync.simulator;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Pair;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.DataValueSpec;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One agent's side of a sync session, as a Wazuh agent does it: Start, DataValues packed in DataBatches under
 * 60 KiB, then DataContexts and DataCleans, End; ReqRet answered by resending the listed ranges without a new End;
 * EndAck{Processing} means keep waiting.
 */
public final class SimulatedAgent {

    /** Agents pack DataValues into batches below this many bytes. */
    public static final int BATCH_BYTES = 60 * 1024;

    /** One sequence-tracked item; its seq is its position in the session's item list. */
    public sealed interface Item permits Value, Context, Clean {
    }

    public record Value(byte operation, String id, String index, long version, byte[] data) implements Item {
    }

    public record Context(String id, String index, byte[] data) implements Item {
    }

    public record Clean(String index) implements Item {
    }

    /** A StartAck or EndAck as received. */
    public record Ack(byte status, long session) {
        public boolean ok() {
            return status == Status.Ok;
        }
    }

    /** The session's outcome: the StartAck, the final EndAck (null if none came), ReqRet rounds answered. */
    public record Result(Ack start, Ack end, int reqRetRounds) {
    }

    private final RouterClient router;

    public SimulatedAgent(RouterClient router) {
        this.router = router;
    }

    /** A whole session: Start, every item (but {@code withheld}), End, retransmissions, the final EndAck. */
    public Result sync(StartSpec start, List<? extends Item> items, Set<Long> withheld) throws IOException {
        Ack startAck = start(start.size(items.size()));
        if (!startAck.ok()) {
            return new Result(startAck, null, 0);
        }
        long session = startAck.session();
        sendItems(session, items, withheld);
        router.publish(AgentMessages.end(session));
        int rounds = 0;
        while (true) {
            Message response = receive();
            switch (response.contentType()) {
                case MessageType.ReqRet -> {
                    rounds++;
                    resend(session, items, (ReqRet) response.content(new ReqRet()));
                }
                case MessageType.EndAck -> {
                    EndAck ack = (EndAck) response.content(new EndAck());
                    if (ack.status() != Status.Processing) {
                        return new Result(startAck, new Ack(ack.status(), ack.session()), rounds);
                    }
                }
                default -> throw new IOException("unexpected response " + MessageType.name(response.contentType()));
            }
        }
    }

    public Ack start(StartSpec start) throws IOException {
        router.publish(AgentMessages.start(start));
        Message response = receive();
        if (response.contentType() != MessageType.StartAck) {
            throw new IOException("expected StartAck, got " + MessageType.name(response.contentType()));
        }
        StartAck ack = (StartAck) response.content(new StartAck());
        return new Ack(ack.status(), ack.session());
    }

    /** Values in DataBatches below {@link #BATCH_BYTES}, then contexts and cleans one by one. */
    public void sendItems(long session, List<? extends Item> items, Set<Long> withheld) throws IOException {
        List<DataValueSpec> batch = new ArrayList<>();
        int batchBytes = 0;
        for (int seq = 0; seq < items.size(); seq++) {
            if (withheld.contains((long) seq) || !(items.get(seq) instanceof Value v)) {
                continue;
            }
            int bytes = 64 + v.id().length() + v.index().length() + (v.data() == null ? 0 : v.data().length);
            if (!batch.isEmpty() && batchBytes + bytes > BATCH_BYTES) {
                router.publish(AgentMessages.dataBatch(batch));
                batch.clear();
                batchBytes = 0;
            }
            batch.add(new DataValueSpec(seq, session, v.operation(), v.id(), v.index(), v.version(), v.data()));
            batchBytes += bytes;
        }
        if (!batch.isEmpty()) {
            router.publish(AgentMessages.dataBatch(batch));
        }
        for (int seq = 0; seq < items.size(); seq++) {
            if (!withheld.contains((long) seq) && !(items.get(seq) instanceof Value)) {
                send(session, seq, items.get(seq));
            }
        }
    }

    /** One item as its own message. */
    public void send(long session, long seq, Item item) throws IOException {
        if (item instanceof Value v) {
            router.publish(AgentMessages.dataValue(seq, session, v.operation(), v.id(), v.index(), v.version(), v.data()));
        } else if (item instanceof Context c) {
            router.publish(AgentMessages.dataContext(seq, session, c.id(), c.index(), c.data()));
        } else if (item instanceof Clean c) {
            router.publish(AgentMessages.dataClean(seq, session, c.index()));
        }
    }

    /** The next response frame's message. */
    public Message receive() throws IOException {
        RouterFrame frame = router.receive();
        return Message.getRootAsMessage(ByteBuffer.wrap(frame.body()));
    }

    private void resend(long session, List<? extends Item> items, ReqRet reqRet) throws IOException {
        Pair pair = new Pair();
        for (int i = 0; i < reqRet.seqLength(); i++) {
            reqRet.seq(pair, i);
            for (long seq = pair.begin(); seq <= pair.end() && seq < items.size(); seq++) {
                send(session, seq, items.get((int) seq));
            }
        }
    }
}
