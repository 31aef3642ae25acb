package io.inventorysync.session;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.Start;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.protocol.FlatStrings;
import io.inventorysync.protocol.InboundSegment;
import io.inventorysync.protocol.Responses;
import io.inventorysync.protocol.StartMetadataBytes;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Answers each {@code Start} at once with {@code StartAck} on the connection it came from. */
public final class StartHandler implements Processor {

    private final SessionAdmission admission;

    public StartHandler(SessionAdmission admission) {
        this.admission = admission;
    }

    /**
     * Admits or refuses the Starts of an {@link InboundSegment.Starts}, in order, and decides their StartAcks
     * ({@link Replies}; the route's next step sends them in one write). Nothing
     * else: a session meets the aggregator with its first message, and until then
     * {@link SessionCompletion#untouchedSessions} times it out.
     */
    @Override
    public void process(Exchange exchange) {
        InboundSegment.Starts segment = exchange.getMessage().getBody(InboundSegment.Starts.class);
        Channel channel = segment.replyTo();
        List<Message> messages = segment.messages();
        List<StartRequest> requests = new ArrayList<>(messages.size());
        Start start = new Start();
        StartMetadataBytes metadata = new StartMetadataBytes();
        for (Message message : messages) {
            requests.add(toRequest((Start) message.content(start), (StartMetadataBytes) message.content(metadata)));
        }
        Replies answers = Replies.of(exchange);
        long receivedAt = Replies.receivedAt(exchange);
        for (Admission result : admission.admitAll(requests, channel)) {
            answer(result, channel, answers, receivedAt);
        }
    }

    // a method per Start, not a loop body: the loops run once per read and stay interpreted for long; what is called
    // once per Start is compiled early
    private static void answer(Admission result, Channel channel, Replies answers, long receivedAt) {
        answers.add(
                channel,
                result.agentId(),
                result.module(),
                Responses.startAck(result.status(), result.sessionId()),
                Replies.Timed.START_ACK,
                receivedAt);
    }

    /**
     * The Start as plain values; every FlatBuffers field is optional, so absent strings become empty. What admission
     * needs is decoded now; the agent metadata is copied as raw bytes (a few hundred, capped by the verifier) and
     * decoded only when the session is indexed: the session must not keep the Start's frame (up to 1 MiB per open
     * session), and decoding a dozen strings per Start would slow a burst of Starts for sessions that mostly never
     * get that far.
     */
    static StartRequest toRequest(Start s, StartMetadataBytes metadata) {
        byte[] packed = metadata.copy();
        return new StartRequest(
                FlatStrings.of(s.agentidAsByteBuffer()),
                FlatStrings.of(s.moduleAsByteBuffer()),
                s.mode(),
                s.size(),
                list(s.indexLength(), s::index),
                s.option(),
                () -> agentMetadata(packed),
                s.globalVersion(),
                FlatStrings.of(s.clusterNameAsByteBuffer()),
                FlatStrings.of(s.clusterNodeAsByteBuffer()));
    }

    private static AgentMetadata agentMetadata(byte[] packed) {
        StartMetadataBytes.Unpacked u = StartMetadataBytes.unpack(packed);
        List<String> t = u.strings();
        return new AgentMetadata(
                t.get(0), t.get(1), u.groups(), t.get(2), t.get(3), t.get(4), t.get(5), t.get(6), t.get(7));
    }

    private static List<String> list(int length, IntFunction<String> element) {
        List<String> values = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            String value = element.apply(i);
            if (value != null) {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }
}
