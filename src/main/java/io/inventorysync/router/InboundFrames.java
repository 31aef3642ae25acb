package io.inventorysync.router;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.InboundSegment;
import io.inventorysync.protocol.InvalidMessageException;
import io.inventorysync.protocol.MessageVerifier;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the frames of one read into something a route can dispatch on: checks each frame's header, recognises JSON
 * commands, verifies FlatBuffers before any field is read, and groups consecutive messages that go the same way into
 * {@link InboundSegment}s, in arrival order.
 *
 * <p>A bad frame is dropped here, logged (rate-limited) and counted; the connection stays open. Messages the
 * service does not act on (responses sent by a provider) are counted and dropped too.
 */
public final class InboundFrames implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(InboundFrames.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceMetrics metrics;
    private final RateLimitedLog badInput = new RateLimitedLog(LOG, 10_000);

    public InboundFrames(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Replaces the body ({@link RouterFrames}) with the list of {@link InboundSegment}s of its valid messages. A
     * processor: the route calls it on every read directly, without bean reflection.
     */
    @Override
    public void process(Exchange exchange) {
        RouterFrames frames = exchange.getMessage().getBody(RouterFrames.class);
        Object peer = exchange.getMessage().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS);
        Channel replyTo = Responder.channelOf(exchange);
        List<InboundSegment> segments = new ArrayList<>(1);
        for (RouterFrame frame : frames == null ? List.<RouterFrame>of() : frames.frames()) {
            add(frame, segments, peer, replyTo);
        }
        exchange.getMessage().setBody(segments);
    }

    /**
     * Adds the frame's message to the last segment, or to a new one when it goes another way. A method per frame, not
     * the loop body: the loop runs once per read and stays interpreted for long; this is compiled early.
     */
    private void add(RouterFrame frame, List<InboundSegment> segments, Object peer, Channel replyTo) {
        metrics.framesReceived.increment();
        Object[] message = new Object[1];
        InboundSegment.Kind kind = classify(frame, message, peer);
        if (kind == null) {
            return;
        }
        InboundSegment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || last.kind() != kind) {
            last = switch (kind) {
                case START -> new InboundSegment.Starts(replyTo);
                case DATA -> new InboundSegment.Data(replyTo);
                case COMMAND -> new InboundSegment.Commands(replyTo);
            };
            segments.add(last);
        }
        if (last instanceof InboundSegment.Starts starts) {
            starts.messages().add((Message) message[0]);
        } else if (last instanceof InboundSegment.Data data) {
            data.messages().add((Message) message[0]);
        } else {
            ((InboundSegment.Commands) last).commands().add((JsonNode) message[0]);
        }
    }

    /** The segment kind of the frame (its message in {@code message[0]}), or null when it is dropped. */
    private InboundSegment.Kind classify(RouterFrame frame, Object[] message, Object peer) {
        if (!frame.header().isEmpty() && !RouterFrame.PUBLISH_HEADER.equals(frame.header())) {
            return invalid(
                    "header", "Frame from {} dropped: unexpected header '{}'", peer, LogText.printable(frame.header()));
        }
        byte[] body = frame.body();
        if (body.length > 0 && body[0] == '{') {
            return command(body, message, peer);
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        try {
            MessageVerifier.verify(buffer);
        } catch (InvalidMessageException e) {
            return invalid("flatbuffer", "Frame from {} dropped: unverifiable FlatBuffer ({})", peer, e.getMessage());
        }
        Message root = Message.getRootAsMessage(buffer);
        message[0] = root;
        return switch (root.contentType()) {
            case MessageType.NONE -> invalid("flatbuffer", "Frame from {} dropped: message without content", peer, "");
            case MessageType.Start -> InboundSegment.Kind.START;
            case MessageType.DataValue,
                    MessageType.DataBatch,
                    MessageType.DataContext,
                    MessageType.DataClean,
                    MessageType.ChecksumModule,
                    MessageType.End -> InboundSegment.Kind.DATA;
            default -> ignored(root, peer);
        };
    }

    private InboundSegment.Kind ignored(Message message, Object peer) {
        metrics.ignoredMessages.increment();
        LOG.debug("Ignored a {} message from {}", MessageType.name(message.contentType()), peer);
        return null;
    }

    private InboundSegment.Kind command(byte[] body, Object[] message, Object peer) {
        int length = body[body.length - 1] == 0 ? body.length - 1 : body.length;
        try {
            JsonNode command = JSON.readTree(body, 0, length);
            if (command != null && command.path("command").isTextual()) {
                message[0] = command;
                return InboundSegment.Kind.COMMAND;
            }
        } catch (IOException e) {
            // reported below like any other command we cannot use
        }
        metrics.badCommands.increment();
        badInput.warn("command", "Frame from {} dropped: not a JSON command", peer);
        return null;
    }

    /** A command that could not be carried out: malformed, or the indexer failed it. */
    public void commandFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        metrics.badCommands.increment();
        badInput.warn(
                "command-failed",
                "Command {} failed: {}",
                LogText.printable(String.valueOf(exchange.getMessage().getBody())),
                e == null ? "unknown" : e.getMessage());
    }

    private InboundSegment.Kind invalid(String kind, String message, Object peer, Object detail) {
        metrics.badFrames.increment();
        badInput.warn(kind, message, peer, detail);
        return null;
    }
}
