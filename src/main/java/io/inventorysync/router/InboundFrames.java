package io.inventorysync.router;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.InvalidMessageException;
import io.inventorysync.protocol.MessageVerifier;
import java.nio.ByteBuffer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a router frame into something a route can dispatch on: checks the header, recognises JSON commands,
 * verifies FlatBuffers before any field is read, and names the message type in the {@value #TYPE} header.
 *
 * <p>A bad frame is dropped here, logged (rate-limited) and counted; the connection stays open.
 */
public final class InboundFrames implements Processor {

    /** Exchange header naming the message: a {@code MessageType} name, {@code Command}, or {@code Invalid}. */
    public static final String TYPE = "InventoryMessageType";
    public static final String INVALID = "Invalid";
    public static final String COMMAND = "Command";

    private static final Logger LOG = LoggerFactory.getLogger(InboundFrames.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceMetrics metrics;
    private final RateLimitedLog badInput = new RateLimitedLog(LOG, 10_000);

    public InboundFrames(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Replaces the body with the verified {@link Message} or the command's JSON tree, and sets {@value #TYPE}. A
     * processor: the route calls it on every frame directly, without bean reflection.
     */
    @Override
    public void process(Exchange exchange) {
        RouterFrame frame = exchange.getMessage().getBody(RouterFrame.class);
        Object peer = exchange.getMessage().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS);
        String type = frame == null ? INVALID : classify(frame, exchange, peer);
        exchange.getMessage().setHeader(TYPE, type);
    }

    private String classify(RouterFrame frame, Exchange exchange, Object peer) {
        if (!frame.header().isEmpty() && !RouterFrame.PUBLISH_HEADER.equals(frame.header())) {
            return invalid("header", "Frame from {} dropped: unexpected header '{}'", peer, LogText.printable(frame.header()));
        }
        byte[] body = frame.body();
        if (body.length > 0 && body[0] == '{') {
            return command(body, exchange, peer);
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        try {
            MessageVerifier.verify(buffer);
        } catch (InvalidMessageException e) {
            return invalid("flatbuffer", "Frame from {} dropped: unverifiable FlatBuffer ({})", peer, e.getMessage());
        }
        Message message = Message.getRootAsMessage(buffer);
        byte contentType = message.contentType();
        if (contentType == MessageType.NONE) {
            return invalid("flatbuffer", "Frame from {} dropped: message without content", peer, "");
        }
        exchange.getMessage().setBody(message);
        return MessageType.name(contentType);
    }

    private String command(byte[] body, Exchange exchange, Object peer) {
        int length = body[body.length - 1] == 0 ? body.length - 1 : body.length;
        try {
            JsonNode command = JSON.readTree(body, 0, length);
            if (command != null && command.path("command").isTextual()) {
                exchange.getMessage().setBody(command);
                return COMMAND;
            }
        } catch (java.io.IOException e) {
            // reported below like any other command we cannot use
        }
        metrics.badCommands.increment();
        badInput.warn("command", "Frame from {} dropped: not a JSON command", peer);
        return INVALID;
    }

    /** Logs and counts a message the service does not act on, without harm to the connection. */
    public void ignore(Exchange exchange) {
        metrics.ignoredMessages.increment();
        LOG.debug("Ignored a {} message from {}", exchange.getMessage().getHeader(TYPE),
                exchange.getMessage().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS));
    }

    /** A command that could not be carried out: malformed, or the indexer failed it. */
    public void commandFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        metrics.badCommands.increment();
        badInput.warn("command-failed", "Command {} failed: {}", LogText.printable(String.valueOf(exchange.getMessage().getBody())),
                e == null ? "unknown" : e.getMessage());
    }

    private String invalid(String kind, String message, Object peer, Object detail) {
        metrics.badFrames.increment();
        badInput.warn(kind, message, peer, detail);
        return INVALID;
    }

    /** Agent-controlled text in logs: no control characters, bounded length. */
}
