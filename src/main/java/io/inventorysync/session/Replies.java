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
     * The exchange property with the {@link System#nanoTime()} of the read that carried the exchange's messages (set
     * by the router when it takes the read in): where the latency of a StartAck or an EndAck starts.
     */
    public static final String RECEIVED_AT = "InventoryReceivedAt";

    /** Which latency a reply ends, if any: measured from its {@link Reply#since()} when the replies step sends it. */
    public enum Timed {
        NONE,
        /** a StartAck, since the read of its Start */
        START_ACK,
        /** the final EndAck of a complete session, since the read of its latest End */
        END_ACK
    }

    /**
     * One response. {@code channel} is the connection of the session's latest message (a transport that does not
     * answer on it ignores it); {@code agentId} as the session knows it (3-padded), or as received for a refused
     * Start. {@code since} ({@link System#nanoTime()}) matters only when {@code timed} is not {@link Timed#NONE}.
     */
    public record Reply(Channel channel, String agentId, String module, byte[] body, Timed timed, long since) {}

    private List<Reply> replies = new ArrayList<>(2);

    /** The replies of {@code exchange}, created on first use. */
    public static Replies of(Exchange exchange) {
        Replies replies = exchange.getProperty(PROPERTY, Replies.class);
        if (replies == null) {
            replies = new Replies();
            exchange.setProperty(PROPERTY, replies);
        }
        return replies;
    }

    /** When the read that carried {@code exchange}'s messages came in ({@link #RECEIVED_AT}); now if not known. */
    public static long receivedAt(Exchange exchange) {
        Long at = exchange.getProperty(RECEIVED_AT, Long.class);
        return at == null ? System.nanoTime() : at;
    }

    public void add(Channel channel, String agentId, String module, byte[] body) {
        replies.add(new Reply(channel, agentId, module, body, Timed.NONE, 0));
    }

    /** A reply whose latency is measured from {@code since} ({@link System#nanoTime()}) until it is sent. */
    public void add(Channel channel, String agentId, String module, byte[] body, Timed timed, long since) {
        replies.add(new Reply(channel, agentId, module, body, timed, since));
    }

    void add(Session session, byte[] body) {
        add(session.channel(), session.agentId(), session.module(), body);
    }

    /** The final EndAck of a complete session: its latency counts from the read of the session's latest End. */
    void addEndAck(Session session, byte[] body) {
        add(session.channel(), session.agentId(), session.module(), body, Timed.END_ACK, session.endReceivedAt());
    }

    /** The replies decided so far, in order; none are left. */
    public List<Reply> take() {
        List<Reply> taken = replies;
        replies = new ArrayList<>(2);
        return taken;
    }

    public boolean isEmpty() {
        return replies.isEmpty();
    }
}
