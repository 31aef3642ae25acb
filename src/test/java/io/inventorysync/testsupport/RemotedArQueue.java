package io.inventorysync.testsupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A test stand-in for remoted's active-response queue {@code queue/sockets/ar}: a bound Unix datagram socket whose
 * datagrams are parsed exactly as {@code src/remoted/src/ar-forward.c} (wazuh/wazuh v5.0.0-beta4) does before it
 * forwards a response to an agent:
 * <ul>
 * <li>reads at most {@code OS_MAXSTR - 2} = 65,534 bytes of a datagram ({@code OS_RecvUnix(arq, OS_MAXSTR - 1, msg)}
 * keeps one byte for the NUL);</li>
 * <li>the header is parsed as a C string: {@code strchr(')')} + 2, {@code strchr(']')} + 2, the location flags
 * ({@code A}ll agents, {@code R}emote, {@code !} no-AR, {@code S}pecific, {@code s}pecific sized: {@code ar.h}),
 * the agent id up to a space, the size up to a space ({@code strtoll}, the whole token, {@code 0 <= size < 65536}),
 * the module up to a space, then it skips the space and the following byte (the NUL);</li>
 * <li>drops a response whose {@code "#!-" <module> " "} + payload reaches 65,536 bytes ({@code CONTROL_HEADER},
 * {@code rc.h});</li>
 * <li>forwards {@code size} bytes of payload to the agent: here, {@link Delivered} records.</li>
 * </ul>
 * A datagram remoted would drop is recorded in {@link #rejected()} with remoted's reason.
 */
public final class RemotedArQueue implements AutoCloseable {

    private static final int OS_MAXSTR = 65_536;

    /** What remoted would send the agent: {@code #!-<module> <payload>}; module includes {@code _sync}. */
    public record Delivered(String agentId, String module, byte[] payload, int datagramBytes) {}

    private final Path socket;
    private final BlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private volatile Consumer<Delivered> listener;
    private final AtomicInteger largest = new AtomicInteger();
    private EventLoopGroup group;
    private Channel channel;

    /** The queue of {@code <home>/queue/sockets/ar}, not bound yet. */
    public RemotedArQueue(Path home) {
        this.socket = home.resolve("queue/sockets/ar");
    }

    public Path socket() {
        return socket;
    }

    /** Binds the socket path (unlinking a stale one, as remoted does). */
    public synchronized RemotedArQueue start() throws Exception {
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = new Bootstrap()
                .group(group)
                .channel(EpollDomainDatagramChannel.class)
                // one datagram per read, into a buffer a little larger than remoted's, so longer ones show as such
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(72 * 1024))
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                        ByteBuf content = packet.content();
                        byte[] bytes = new byte[content.readableBytes()];
                        content.readBytes(bytes);
                        receive(bytes);
                    }
                })
                .bind(new DomainSocketAddress(socket.toString()))
                .sync()
                .channel();
        return this;
    }

    /** remoted stops: the socket closes and its path is unlinked. */
    public synchronized void stop() throws IOException {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            channel = null;
        }
        Files.deleteIfExists(socket);
    }

    /** Called on the queue's thread for every delivered response (instead of queueing it) while set. */
    public void onDelivered(Consumer<Delivered> listener) {
        this.listener = listener;
    }

    /** The next delivered response, or {@code null} after the timeout. */
    public Delivered poll(long timeout, TimeUnit unit) throws InterruptedException {
        return delivered.poll(timeout, unit);
    }

    /** Datagrams remoted would have dropped, with its reason. */
    public List<String> rejected() {
        return rejected;
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    /** The largest datagram received so far, in bytes. */
    public int largestDatagram() {
        return largest.get();
    }

    void receive(byte[] datagram) {
        largest.accumulateAndGet(datagram.length, Math::max);
        String why = parse(datagram);
        if (why != null) {
            rejected.add(why);
        }
    }

    private String parse(byte[] datagram) {
        if (datagram.length > OS_MAXSTR - 2) {
            return "datagram of " + datagram.length + " bytes is cut at " + (OS_MAXSTR - 2);
        }
        // the header is a C string: it ends at the first NUL
        int end = indexOf(datagram, (byte) 0, 0, datagram.length);
        int cstring = end < 0 ? datagram.length : end;
        int p = indexOf(datagram, (byte) ')', 0, cstring);
        if (p < 0) {
            return "no ')'";
        }
        p = indexOf(datagram, (byte) ']', p + 2, cstring);
        if (p < 0) {
            return "no ']'";
        }
        p += 2;
        if (p + 3 > cstring) {
            return "no location flags";
        }
        boolean sized = datagram[p + 2] == 's';
        boolean noAr = datagram[p + 1] == '!';
        if (!sized || !noAr || datagram[p] == 'A') {
            return "not a sized message to one agent: " + new String(datagram, p, 3, StandardCharsets.US_ASCII);
        }
        p += 4;
        int space = indexOf(datagram, (byte) ' ', p, cstring);
        if (space < 0) {
            return "no space after the agent id";
        }
        String agent = new String(datagram, p, space - p, StandardCharsets.US_ASCII);
        p = space + 1;
        space = indexOf(datagram, (byte) ' ', p, cstring);
        if (space < 0) {
            return "no space after the size";
        }
        long size;
        try {
            size = Long.parseLong(new String(datagram, p, space - p, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return "size is not a number";
        }
        if (size < 0 || size >= OS_MAXSTR) {
            return "size " + size + " out of range";
        }
        p = space + 1;
        space = indexOf(datagram, (byte) ' ', p, cstring);
        if (space < 0) {
            return "no space after the module";
        }
        String module = new String(datagram, p, space - p, StandardCharsets.US_ASCII);
        p = space + 2; // the space and the byte after it
        int header = "#!-".length() + module.length() + 1;
        if (header + size >= OS_MAXSTR) {
            return "message of " + (header + size) + " bytes exceeds OS_MAXSTR";
        }
        if (p > datagram.length || p + size > datagram.length) {
            return "payload shorter than its size " + size;
        }
        if (datagram[p - 1] != 0) {
            return "the byte after the module's space is not the NUL the service must send";
        }
        Delivered d = new Delivered(agent, module, Arrays.copyOfRange(datagram, p, (int) (p + size)), datagram.length);
        Consumer<Delivered> l = listener;
        if (l != null) {
            l.accept(d);
        } else {
            delivered.add(d);
        }
        return null;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
