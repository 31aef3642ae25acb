package io.inventorysync.fullsession;

import io.inventorysync.support.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection, one request (fullsession-protocol.md §2, §3 step 1): the head is checked as soon as it is decoded
 * and refused before any of the body is read or allocated; an accepted body is charged to the budget, received into
 * one direct buffer of its Content-Length, and handed on as a {@link FullSessionRequest}; the answer is written with
 * {@code Connection: close} and the connection closed.
 *
 * <p>A request refused before its body was read is answered, then its output is shut down and whatever the peer still
 * sends is read and dropped (for at most {@code bodyTimeout}) until it closes: closing with unread bytes would reset a
 * TCP connection, and a peer still writing its body would see the reset before our answer.
 *
 * <p>Everything but {@link #answer} runs on the connection's event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private enum State {
        HEAD,
        BODY,
        ROUTED,
        CLOSING
    }

    private static final String AGENT_ID = "x-wazuh-agent-id";

    private final FullSessionServer server;
    private final FrontDoorSettings settings;
    private final FrontDoorCounters counters;
    private ChannelHandlerContext ctx;
    private State state = State.HEAD;
    private ScheduledFuture<?> timer;
    private RouteKind kind;
    private String agentId;
    // the connection's hold on it, let go once at close
    private RequestBody body;
    private FullSessionRequest request;

    ConnectionHandler(FullSessionServer server) {
        this.server = server;
        this.settings = server.settings();
        this.counters = server.counters();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        counters.connections(1);
        timer = schedule(settings.headerTimeoutMillis(), () -> timedOut(Refusal.HEADER_TIMEOUT));
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.HEAD && msg instanceof HttpRequest head) {
                head(head);
            }
            // after a head that is also content (the decoder's failed messages), or in the body
            if (state == State.BODY && msg instanceof HttpContent content) {
                content(content);
            }
            // anything else (after the request, or of a refused one) is dropped: one request per connection
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void head(HttpRequest head) {
        cancelTimer();
        DecoderResult decoded = head.decoderResult();
        if (decoded.isFailure()) {
            Throwable cause = decoded.cause();
            refuse(
                    cause instanceof TooLongHttpHeaderException ? Refusal.HEADERS_TOO_LARGE : Refusal.MALFORMED,
                    null,
                    LogText.printable(String.valueOf(cause.getMessage()), 128));
            return;
        }
        HttpVersion version = head.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            refuse(Refusal.MALFORMED, null, "version " + LogText.printable(version.text()));
            return;
        }
        Routes.Resolution route = Routes.resolve(head.method(), head.uri());
        if (route.kind() == null) {
            Refusal refusal = route.allow() == null ? Refusal.NOT_FOUND : Refusal.METHOD_NOT_ALLOWED;
            refuse(refusal, route.allow(), head.method() + " " + LogText.printable(head.uri(), 128));
            return;
        }
        kind = route.kind();
        HttpHeaders headers = head.headers();
        List<String> ids = headers.getAll(AGENT_ID);
        agentId = ids.size() == 1 ? ids.get(0).trim() : null;
        if (kind != RouteKind.DELETE_AGENT_JSON && (agentId == null || agentId.isEmpty())) {
            refuse(Refusal.MISSING_AGENT_ID, null, ids.size() + " x-wazuh-agent-id headers on " + kind);
            return;
        }
        if (agentId != null && agentId.isEmpty()) {
            agentId = null;
        }
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            refuse(
                    Refusal.LENGTH_REQUIRED,
                    null,
                    "Transfer-Encoding " + LogText.printable(headers.get(HttpHeaderNames.TRANSFER_ENCODING)));
            return;
        }
        long length = HttpUtil.getContentLength(head, 0L);
        int max = settings.maxBodyBytes(kind);
        if (kind == RouteKind.DELETE_AGENT) {
            if (length > 0) {
                refuse(Refusal.BODY_NOT_EMPTY, null, length + " bytes");
                return;
            }
        } else if (length == 0) {
            refuse(Refusal.EMPTY_BODY, null, kind.toString());
            return;
        } else if (length > max) {
            refuse(Refusal.BODY_TOO_LARGE, null, length + " bytes, at most " + max);
            return;
        }
        if (length > 0) {
            if (!server.budget().charge(length)) {
                refuse(
                        Refusal.OVER_BUDGET,
                        null,
                        length + " bytes, " + server.budget().used() + " in flight");
                return;
            }
            try {
                body = RequestBody.allocate((int) length, server.budget());
            } catch (OutOfMemoryError e) {
                server.budget().release(length);
                refuse(Refusal.OUT_OF_DIRECT_MEMORY, null, length + " bytes: " + e.getMessage());
                return;
            }
            if (HttpUtil.is100ContinueExpected(head)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
        }
        state = State.BODY;
        timer = schedule(settings.bodyTimeoutMillis(), () -> timedOut(Refusal.BODY_TIMEOUT));
    }

    private void content(HttpContent content) {
        ByteBuf bytes = content.content();
        if (bytes.isReadable()) {
            // the decoder stops at Content-Length, so this never runs over
            body.append(bytes);
        }
        if (content instanceof LastHttpContent) {
            complete();
        }
    }

    private void complete() {
        cancelTimer();
        state = State.ROUTED;
        request = new FullSessionRequest(kind, agentId, body, System.nanoTime(), this, counters);
        counters.countAccepted();
        if (settings.answerTimeoutMillis() > 0) {
            FullSessionRequest waiting = request;
            timer = schedule(
                    settings.answerTimeoutMillis(),
                    () -> waiting.answerInstead(Refusal.ANSWER_TIMEOUT, settings.retryAfterSeconds()));
        }
        server.dispatch(request);
    }

    /** Answers a request the HTTP layer refuses, then drops what the peer still sends until it closes. */
    private void refuse(Refusal refusal, String allow, String detail) {
        counters.refuse(refusal);
        server.log(refusal, ctx.channel(), detail);
        write(refusal.answer(settings.retryAfterSeconds()), allow, true);
    }

    private void timedOut(Refusal refusal) {
        if (state == State.HEAD || state == State.BODY) {
            counters.refuse(refusal);
            server.log(refusal, ctx.channel(), state == State.HEAD ? "no complete header block" : "body incomplete");
            write(refusal.answer(settings.retryAfterSeconds()), null, false);
        }
    }

    /** Called from any thread by the request, once: writes the answer and closes. */
    void answer(HttpAnswer answer, boolean drain) {
        try {
            ctx.executor().execute(() -> write(answer, null, drain));
        } catch (RejectedExecutionException e) {
            // the server stopped: its connections are closed already
        }
    }

    /** At stop, after the grace: what is still in progress gets a 503 and is closed. */
    void shutdown() {
        switch (state) {
            case HEAD, BODY -> {
                counters.refuse(Refusal.SHUTTING_DOWN);
                write(Refusal.SHUTTING_DOWN.answer(settings.retryAfterSeconds()), null, false);
            }
            // already answered: that write is queued behind this task and closes
            case ROUTED -> request.answerInstead(Refusal.SHUTTING_DOWN, settings.retryAfterSeconds());
            case CLOSING -> ctx.close();
        }
    }

    private void write(HttpAnswer answer, String allow, boolean drain) {
        if (state == State.CLOSING || !ctx.channel().isActive()) {
            return;
        }
        state = State.CLOSING;
        cancelTimer();
        ctx.writeAndFlush(response(answer, allow)).addListener((ChannelFutureListener) written -> {
            if (drain && written.isSuccess() && written.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                timer = schedule(settings.bodyTimeoutMillis(), ctx::close);
            } else {
                written.channel().close();
            }
        });
    }

    private static FullHttpResponse response(HttpAnswer answer, String allow) {
        byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(json));
        // the names as the spec writes them (Netty's constants are lower case)
        HttpHeaders headers = response.headers();
        headers.add("Content-Type", "application/json");
        headers.add("Content-Length", json.length);
        headers.add("Connection", "close");
        if (allow != null) {
            headers.add("Allow", allow);
        }
        if (answer.retryAfterSeconds() > 0) {
            headers.add("Retry-After", answer.retryAfterSeconds());
        }
        return response;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        if (state == State.BODY) {
            counters.refuse(Refusal.TRUNCATED_BODY);
            server.log(
                    Refusal.TRUNCATED_BODY,
                    ctx.channel(),
                    body == null ? "closed" : body.missing() + " of " + body.length() + " bytes missing");
        }
        if (request != null && request.abandon()) {
            counters.countAbandoned();
        }
        if (body != null) {
            body.release();
            body = null;
        }
        state = State.CLOSING;
        counters.connections(-1);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset by the peer, mostly; what it meant for the request is counted at close
        server.debug(ctx.channel(), cause);
        ctx.close();
    }

    private ScheduledFuture<?> schedule(long millis, Runnable task) {
        return ctx.executor().schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
