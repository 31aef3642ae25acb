package io.inventorysync.fullsession;

import io.inventorysync.support.LogText;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One complete request that passed the HTTP layer's checks, the body of the exchange its route sees. It is answered
 * exactly once, by {@link #answer} from any thread, at once or much later; the HTTP layer answers it itself only when
 * the route fails (500), does not answer within {@code answerTimeout}, or the consumer stops (503).
 *
 * <p>The body lives off the Java heap. It stays valid until the exchange that carried it has completed — Camel hands
 * that completion over to the copy {@code seda:} and similar queues pass on, so it stays valid in the route the
 * request was queued to — and after that only until the answer was written or the peer closed. Do not keep
 * {@link #body()} views beyond that.
 */
public final class FullSessionRequest {

    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0).asReadOnlyBuffer();

    private final RouteKind kind;
    private final String agentId;
    private final RequestBody body;
    private final long receivedAtNanos;
    private final ConnectionHandler connection;
    private final FrontDoorCounters counters;
    // answered, or given up by the HTTP layer (peer gone, timeout, shutdown): the first to set it answers
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean routeHolds = new AtomicBoolean(true);

    FullSessionRequest(
            RouteKind kind,
            String agentId,
            RequestBody body,
            long receivedAtNanos,
            ConnectionHandler connection,
            FrontDoorCounters counters) {
        this.kind = kind;
        this.agentId = agentId;
        this.body = body;
        this.receivedAtNanos = receivedAtNanos;
        this.connection = connection;
        this.counters = counters;
        if (body != null) {
            body.addHolder(); // the route's, let go in routeDone()
        }
    }

    public RouteKind kind() {
        return kind;
    }

    /** {@code X-Wazuh-Agent-Id} as sent (trimmed), never empty; null only on {@link RouteKind#DELETE_AGENT_JSON}. */
    public String agentId() {
        return agentId;
    }

    /**
     * The body as a read-only view of direct memory, position 0, limit its length (empty for a deletion by header); a
     * new view on each call.
     *
     * @throws IllegalStateException when the body was already released
     */
    public ByteBuffer body() {
        return body == null ? EMPTY.duplicate() : body.view();
    }

    public int bodyLength() {
        return body == null ? 0 : body.length();
    }

    /** {@link System#nanoTime()} when the body's last byte arrived. */
    public long receivedAtNanos() {
        return receivedAtNanos;
    }

    /**
     * Writes {@code answer} and closes the connection, from any thread; only the first answer counts.
     *
     * @return false when the request was already answered or its peer is gone (then nothing is written)
     */
    public boolean answer(HttpAnswer answer) {
        Objects.requireNonNull(answer, "answer");
        if (!closed.compareAndSet(false, true)) {
            counters.countLateAnswer();
            return false;
        }
        counters.countAnswered();
        connection.answer(answer, false);
        return true;
    }

    /** False once answered or given up (peer closed, timeout, shutdown): work for it is wasted. */
    public boolean isOpen() {
        return !closed.get();
    }

    /** The HTTP layer answers in the route's stead (timeout, shutdown); false when already answered. */
    boolean answerInstead(Refusal reason, int retryAfterSeconds) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        counters.refuse(reason);
        connection.answer(reason.answer(retryAfterSeconds), false);
        return true;
    }

    /** The exchange failed: 500, unless already answered. */
    boolean failed() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        counters.countRouteFailure();
        connection.answer(HttpAnswer.error(500, "Internal error"), false);
        return true;
    }

    /** The peer is gone; true when it had no answer yet (any later answer is dropped). */
    boolean abandon() {
        return closed.compareAndSet(false, true);
    }

    /** The route is done with the body (its exchange completed, or it was never routed). Idempotent. */
    void routeDone() {
        if (routeHolds.compareAndSet(true, false) && body != null) {
            body.release();
        }
    }

    @Override
    public String toString() {
        return kind + " agent " + LogText.printable(agentId) + ", " + bodyLength() + " bytes";
    }
}
