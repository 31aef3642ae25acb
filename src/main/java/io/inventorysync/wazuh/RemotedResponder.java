package io.inventorysync.wazuh;

import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.router.Responder;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Responder} beside a real manager: every response is one datagram to remoted's {@code queue/sockets/ar}
 * ({@link ArDatagram}), which forwards it to the agent as {@code #!-<module>_sync <payload>}.
 *
 * <p>The socket is never connected: each datagram is addressed to the path, so a restart of remoted (which unlinks
 * and re-binds it) costs only the datagrams sent while it was down. A connected Unix datagram socket would fail with
 * {@code ECONNREFUSED} and then {@code ENOTCONN} forever, as the native module's does. Sending never blocks the
 * caller: datagrams are written on an I/O thread of their own, and while remoted does not drain its queue (write
 * buffer above its high water mark) or is not there, responses are dropped, counted, and logged once per change
 * (then at most every 10 s).
 *
 * <p>A datagram leaves with one {@code sendto} on a socket of the responder's own, from one reused buffer, without
 * Netty's pipeline (its packet, pooled buffer, promise and listener cost about as much as the system call). Only when
 * the kernel's queue for remoted is full ({@code EAGAIN}) does the datagram go through the channel, which keeps it
 * and writes it when the socket is writable again; the later ones follow it there until the channel has sent them
 * all, so responses leave in order.
 */
public final class RemotedResponder extends ServiceSupport implements Responder {

    private static final Logger LOG = LoggerFactory.getLogger(RemotedResponder.class);
    /**
     * Datagrams queued for the socket at most (bytes, Netty's ~100 bytes per entry included) before responses are
     * dropped instead of buffered: room for a burst of ~80,000 StartAcks while remoted drains its queue (the kernel
     * holds only net.unix.max_dgram_qlen datagrams for it: 10 on a bare kernel, 512 with systemd's defaults), and a
     * bound when it does not.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(4 << 20, 16 << 20);

    private final Path arSocket;
    private final ServiceMetrics metrics;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, 10_000);
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicLong droppedWhileUnreachable = new AtomicLong();
    private EventLoopGroup group;
    private volatile Channel channel;
    private DomainSocketAddress address;
    // used on the responder's event loop only
    private Socket direct;
    private byte[] path;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(ArDatagram.REMOTED_MAX_DATAGRAM);
    private int queuedInChannel;

    public RemotedResponder(Path arSocket, ServiceMetrics metrics) {
        this.arSocket = arSocket;
        this.metrics = metrics;
    }

    /** False from a failed send until the next one that succeeds. */
    public boolean remotedReachable() {
        return reachable.get();
    }

    public Path arSocket() {
        return arSocket;
    }

    @Override
    protected void doStart() throws Exception {
        address = new DomainSocketAddress(arSocket.toString());
        path = arSocket.toString().getBytes(StandardCharsets.UTF_8);
        // non-blocking and unbound, as the channel's
        direct = Socket.newSocketDomainDgram();
        group = NativeTransport.singleThread("remoted-responder");
        // unbound: a sending-only Unix datagram socket needs no path of its own (nothing to clean up after a crash)
        channel = new Bootstrap()
                .group(group)
                .channel(EpollDomainDatagramChannel.class)
                .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInboundHandlerAdapter())
                .register()
                .sync()
                .channel();
        LOG.info("Responses go to remoted as datagrams on {}", arSocket);
    }

    @Override
    protected void doStop() throws Exception {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (direct != null) {
            // after the event loop ended: nothing sends on it any more
            direct.close();
        }
    }

    /** {@code connection} is ignored: remoted forwards every response to its agent, whichever way it came in. */
    @Override
    public Batch batch(Channel connection) {
        return new DatagramBatch();
    }

    private record Response(String agentId, String module, byte[] body) {}

    private final class DatagramBatch implements Batch {
        private final List<Response> responses = new ArrayList<>(1);

        @Override
        public void add(String agentId, String module, byte[] body) {
            responses.add(new Response(agentId, module, body));
        }

        @Override
        public void send() {
            if (responses.isEmpty()) {
                return;
            }
            Channel ch = channel;
            if (ch == null || !ch.isOpen()) {
                for (Response r : responses) {
                    dropped(r, "the responder is stopped");
                }
                return;
            }
            // one hand-off to the responder's I/O thread per batch, not one per datagram
            if (ch.eventLoop().inEventLoop()) {
                writeAll(ch);
            } else {
                ch.eventLoop().execute(() -> writeAll(ch));
            }
        }

        private void writeAll(Channel ch) {
            for (Response r : responses) {
                write(ch, r);
            }
            ch.flush();
        }
    }

    private void write(Channel ch, Response r) {
        String agent = ArDatagram.keystoreId(r.agentId());
        String why = ArDatagram.undeliverable(agent, r.module(), r.body().length);
        if (why != null) {
            dropped(r, why);
            return;
        }
        scratch.clear();
        ArDatagram.encode(scratch, agent, r.module(), r.body());
        scratch.flip();
        if (queuedInChannel == 0 && doneDirectly(r)) {
            return;
        }
        if (!ch.isWritable()) {
            dropped(r, "remoted is not draining " + arSocket + " (send buffer full)");
            return;
        }
        ByteBuf datagram = ch.alloc().directBuffer(scratch.remaining()).writeBytes(scratch);
        queuedInChannel++;
        ch.write(new DomainDatagramPacket(datagram, address)).addListener((ChannelFutureListener) f -> {
            queuedInChannel--;
            if (f.isSuccess()) {
                sent();
            } else {
                unreachable(r, f.cause());
            }
        });
    }

    /**
     * One {@code sendto} of the datagram in {@link #scratch}: false when the kernel's queue is full (nothing sent), true
     * when it was sent or failed for good.
     */
    private boolean doneDirectly(Response r) {
        try {
            if (direct.sendToDomainSocket(scratch, scratch.position(), scratch.limit(), path) == 0) {
                return false;
            }
            sent();
        } catch (IOException e) {
            // remoted is not there: its path is missing or nobody is bound to it
            unreachable(r, e);
        }
        return true;
    }

    private void sent() {
        metrics.responsesSent.increment();
        if (!reachable.get() && reachable.compareAndSet(false, true)) {
            LOG.info(
                    "remoted's {} takes responses again; {} response(s) were dropped while it was not reachable",
                    arSocket,
                    droppedWhileUnreachable.getAndSet(0));
        }
    }

    private void unreachable(Response r, Throwable cause) {
        metrics.responsesDropped.increment();
        metrics.responsesUnreachable.increment();
        droppedWhileUnreachable.incrementAndGet();
        if (reachable.compareAndSet(true, false)) {
            LOG.warn(
                    "remoted's {} is not reachable ({}): responses are dropped until it is back; agents retry on their"
                            + " own timeouts",
                    arSocket,
                    String.valueOf(cause));
        } else {
            warnings.warn(
                    "unreachable",
                    "Response to agent {} dropped: remoted's {} not reachable ({})",
                    LogText.printable(r.agentId()),
                    arSocket,
                    String.valueOf(cause));
        }
    }

    private void dropped(Response r, String why) {
        metrics.responsesDropped.increment();
        warnings.warn(
                "dropped",
                "Response to agent '{}' module '{}' dropped: {}",
                LogText.printable(r.agentId()),
                LogText.printable(r.module()),
                why);
    }
}
