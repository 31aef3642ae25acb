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
import io.inventorysync.router.ProviderLink;
import io.inventorysync.router.RouterFrame;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One agent's side of a sync session, as a Wazuh agent does it: Start, DataValues packed in DataBatches under
 * 60 KiB, then DataContexts and DataCleans, End; ReqRet answered by resending the listed ranges without a new End;
 * EndAck{Processing} means keep waiting.
 *
 * <p>Waiting like a real agent ({@link #SimulatedAgent(ProviderLink, Duration, int)}): a Start or an End that gets no
 * answer within the wait is sent again, up to {@code attempts} sends in all; after that the session is given up
 * ({@link Result#end()} null). Any answer (ReqRet, EndAck{Processing}) starts a new wait.
 */
public final class SimulatedAgent {

    /** Agents pack DataValues into batches below this many bytes. */
    public static final int BATCH_BYTES = 60 * 1024;

    /** One sequence-tracked item; its seq is its position in the session's item list. */
    public sealed interface Item permits Value, Context, Clean {}

    public record Value(byte operation, String id, String index, long version, byte[] data) implements Item {}

    public record Context(String id, String index, byte[] data) implements Item {}

    public record Clean(String index) implements Item {}

    /** A StartAck or EndAck as received. */
    public record Ack(byte status, long session) {
        public boolean ok() {
            return status == Status.Ok;
        }
    }

    /**
     * The session's outcome: the StartAck (null if none came), the final EndAck (null if none came), ReqRet rounds
     * answered, and the latencies Start → StartAck and first End → final EndAck in nanoseconds (0 when not measured).
     */
    public record Result(Ack start, Ack end, int reqRetRounds, long startAckNanos, long endAckNanos) {
        public Result(Ack start, Ack end, int reqRetRounds) {
            this(start, end, reqRetRounds, 0, 0);
        }

        /** StartAck{Ok} and EndAck{Ok}. */
        public boolean ok() {
            return start != null && start.ok() && end != null && end.ok();
        }
    }

    private final ProviderLink router;
    /** Sends of a Start or an End at most; 1: no retry (the read timeout of the connection is the only wait). */
    private final int attempts;

    /** An agent that waits as long as the connection's read timeout and never retries (tests). */
    public SimulatedAgent(ProviderLink router) {
        this.router = router;
        this.attempts = 1;
    }

    /** An agent that waits {@code wait} for each answer and sends Start and End up to {@code attempts} times. */
    public SimulatedAgent(ProviderLink router, Duration wait, int attempts) throws IOException {
        this.router = router;
        this.attempts = Math.max(1, attempts);
        router.setReadTimeout((int) Math.min(Integer.MAX_VALUE, wait.toMillis()));
    }

    /** A whole session: Start, every item (but {@code withheld}), End, retransmissions, the final EndAck. */
    public Result sync(StartSpec start, List<? extends Item> items, Set<Long> withheld) throws IOException {
        long started = System.nanoTime();
        Ack startAck = startWithRetries(start.size(items.size()));
        long startAckNanos = System.nanoTime() - started;
        if (startAck == null || !startAck.ok()) {
            return new Result(startAck, null, 0, startAckNanos, 0);
        }
        long session = startAck.session();
        sendItems(session, items, withheld);
        long ended = System.nanoTime();
        Ended end = end(session, items);
        return new Result(startAck, end.ack(), end.reqRetRounds(), startAckNanos, System.nanoTime() - ended);
    }

    /** The final EndAck (null when none came after every End sent) and the ReqRet rounds answered on the way. */
    public record Ended(Ack ack, int reqRetRounds) {}

    /**
     * Sends End and waits for the final EndAck as an agent does: ReqRet answered by resending the listed items,
     * Processing means keep waiting, End sent again after each silent wait, {@code attempts} sends at most.
     */
    public Ended end(long session, List<? extends Item> items) throws IOException {
        router.publish(AgentMessages.end(session));
        int rounds = 0;
        int endsSent = 1;
        while (true) {
            Message response;
            try {
                response = receive();
            } catch (SocketTimeoutException e) {
                if (endsSent >= attempts) {
                    return new Ended(null, rounds);
                }
                endsSent++;
                router.publish(AgentMessages.end(session));
                continue;
            }
            switch (response.contentType()) {
                case MessageType.ReqRet -> {
                    rounds++;
                    resend(session, items, (ReqRet) response.content(new ReqRet()));
                }
                case MessageType.EndAck -> {
                    EndAck ack = (EndAck) response.content(new EndAck());
                    if (ack.status() != Status.Processing) {
                        return new Ended(new Ack(ack.status(), ack.session()), rounds);
                    }
                }
                case MessageType.StartAck -> {
                    // a late answer to a Start sent again: the session it names was replaced already
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

    /** Start sent up to {@code attempts} times while no StartAck comes within the wait; null when none came. */
    private Ack startWithRetries(StartSpec start) throws IOException {
        for (int sent = 1; ; sent++) {
            try {
                return start(start);
            } catch (SocketTimeoutException e) {
                if (sent >= attempts) {
                    return null;
                }
            }
        }
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
            router.publish(
                    AgentMessages.dataValue(seq, session, v.operation(), v.id(), v.index(), v.version(), v.data()));
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
