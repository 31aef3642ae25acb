package io.inventorysync.session;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.Start;
import io.inventorysync.protocol.Responses;
import io.inventorysync.router.InboundSegment;
import io.inventorysync.router.Responder;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Answers each {@code Start} at once with {@code StartAck} on the connection it came from. */
public final class StartHandler implements Processor {

    private final SessionAdmission admission;
    private final Responder responder;

    public StartHandler(SessionAdmission admission, Responder responder) {
        this.admission = admission;
        this.responder = responder;
    }

    /**
     * Admits or refuses the Starts of an {@link InboundSegment}, in order, and answers them in one write. Nothing
     * else: a session meets the aggregator with its first message, and until then
     * {@link SessionCompletion#untouchedSessions} times it out.
     */
    @Override
    public void process(Exchange exchange) {
        InboundSegment segment = exchange.getMessage().getBody(InboundSegment.class);
        Channel channel = Responder.channelOf(exchange);
        List<Message> messages = segment.messagesAs(Message.class);
        List<StartRequest> requests = new ArrayList<>(messages.size());
        for (Message message : messages) {
            // a Start table of its own: the session keeps it to read the agent metadata later
            requests.add(toRequest((Start) message.content(new Start())));
        }
        Responder.Batch answers = responder.batch(channel);
        for (Admission result : admission.admitAll(requests, channel)) {
            answer(result, answers);
        }
        answers.send();
    }

    // a method per Start, not a loop body: the loops run once per read and stay interpreted for long; what is called
    // once per Start is compiled early
    private static void answer(Admission result, Responder.Batch answers) {
        answers.add(result.agentId(), result.module(), Responses.startAck(result.status(), result.sessionId()));
    }

    /**
     * The Start as plain values; every FlatBuffers field is optional, so absent strings become empty. The agent
     * metadata stays in the Start's bytes (the frame's own array, verified) until it is asked for.
     */
    static StartRequest toRequest(Start s) {
        return new StartRequest(text(s.agentid()), text(s.module()), s.mode(), s.size(), list(s.indexLength(), s::index),
                s.option(), () -> agentMetadata(s), s.globalVersion(), text(s.clusterName()), text(s.clusterNode()));
    }

    private static AgentMetadata agentMetadata(Start s) {
        return new AgentMetadata(text(s.agentname()), text(s.agentversion()), list(s.groupsLength(), s::groups),
                text(s.architecture()), text(s.hostname()), text(s.osname()), text(s.osplatform()), text(s.ostype()),
                text(s.osversion()));
    }

    private static String text(String value) {
        return value == null ? "" : value;
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
