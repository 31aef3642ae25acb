package io.inventorysync.session;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The responses ({@code StartAck}, {@code ReqRet}, {@code EndAck}) that the session steps of an exchange decided,
 * in the order decided. They leave where the route says: its {@code replies} step sends them through the transport's
 * responder. Session code decides what to answer; it never sends.
 */
public final class Replies {

    /** The exchange property that holds them. */
    public static final String PROPERTY = "InventoryReplies";

    /**
     * One response. {@code channel} is the connection of the session's latest message (a transport that does not
     * answer on it ignores it); {@code agentId} as the session knows it (3-padded), or as received for a refused
     * Start.
     */
    public record Reply(Channel channel, String agentId, String module, byte[] body) {}

    private final List<Reply> replies = new ArrayList<>(2);

    /** The replies of {@code exchange}, created on first use. */
    public static Replies of(Exchange exchange) {
        Replies replies = exchange.getProperty(PROPERTY, Replies.class);
        if (replies == null) {
            replies = new Replies();
            exchange.setProperty(PROPERTY, replies);
        }
        return replies;
    }

    /**
     * New, empty replies for {@code exchange}: for an exchange that went to another thread (indexing), whose copied
     * properties still point at the replies of the exchange it was copied from.
     */
    public static Replies renew(Exchange exchange) {
        Replies replies = new Replies();
        exchange.setProperty(PROPERTY, replies);
        return replies;
    }

    public void add(Channel channel, String agentId, String module, byte[] body) {
        replies.add(new Reply(channel, agentId, module, body));
    }

    void add(Session session, byte[] body) {
        add(session.channel(), session.agentId(), session.module(), body);
    }

    /** The replies decided so far, in order; none are left. */
    public List<Reply> take() {
        List<Reply> taken = List.copyOf(replies);
        replies.clear();
        return taken;
    }

    public boolean isEmpty() {
        return replies.isEmpty();
    }
}
