package io.inventorysync.fullsession;

import io.inventorysync.support.RateLimitedLog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 listeners of one front door: the Unix socket remoted posts to (Netty's epoll transport: the JDK has
 * Unix stream sockets, but this keeps one transport for all the manager's sockets) and, optionally, a loopback TCP port
 * for tools without Unix sockets. One I/O thread for both: it only parses heads and copies bodies; the route runs
 * elsewhere.
 *
 * <p>The socket file is made mode 0660 after the bind (remoted runs in the wazuh group), a stale one left by a crash is
 * removed at start (a live one, or anything that is not a socket, is refused), and ours is deleted at stop.
 */
final class FullSessionServer {

    private static final Logger LOG = LoggerFactory.getLogger(FullSessionServer.class);
    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-rw----");
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int MAX_REQUEST_LINE = 4096;
    // bodies are copied out of the decoder's slices: big slices, few messages per MiB
    private static final int MAX_CHUNK = 1024 * 1024;

    private final FrontDoorSettings settings;
    private final FrontDoorCounters counters;
    private final InFlightBudget budget;
    private final Consumer<FullSessionRequest> sink;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10_000);
    private final List<Channel> listeners = new ArrayList<>();
    private EventLoopGroup group;
    private ChannelGroup connections;
    private Object socketFileKey;

    FullSessionServer(FrontDoorSettings settings, FrontDoorCounters counters, Consumer<FullSessionRequest> sink) {
        this.settings = settings;
        this.counters = counters;
        this.budget = new InFlightBudget(settings.inFlightBytes(), counters);
        this.sink = sink;
    }

    void start() throws IOException, InterruptedException {
        Path socket = settings.socketPath();
        boolean epoll = Epoll.isAvailable();
        if (socket != null && !epoll) {
            throw new IllegalStateException("fullsession:" + settings.name() + " cannot serve the Unix socket " + socket
                    + ": Netty's native epoll transport is unavailable (" + epollUnavailableReason()
                    + "); only the TCP port (host, port) works without it");
        }
        group = new MultiThreadIoEventLoopGroup(
                1,
                new DefaultThreadFactory("fullsession-" + settings.name(), true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        connections = new DefaultChannelGroup("fullsession-" + settings.name(), GlobalEventExecutor.INSTANCE);
        try {
            List<String> where = new ArrayList<>();
            if (socket != null) {
                removeStale(socket);
                listen(EpollServerDomainSocketChannel.class, new DomainSocketAddress(socket.toString()));
                Files.setPosixFilePermissions(socket, SOCKET_MODE);
                socketFileKey = fileKey(socket);
                where.add(socket.toString());
            }
            if (settings.port() > 0) {
                listen(
                        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                        new InetSocketAddress(settings.host(), settings.port()));
                where.add(settings.host() + ":" + settings.port());
            }
            LOG.info(
                    "FullSession front door '{}' listening on {} (body at most {} bytes, {} bytes in flight)",
                    settings.name(),
                    String.join(" and ", where),
                    settings.maxBodyBytes(),
                    settings.inFlightBytes());
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(0);
            throw e;
        }
    }

    private void listen(Class<? extends ServerChannel> type, SocketAddress address) throws InterruptedException {
        HttpDecoderConfig decoding = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(settings.maxHeaderBytes())
                .setMaxChunkSize(MAX_CHUNK);
        Channel listener = new ServerBootstrap()
                .group(group)
                .channel(type)
                // a 50 MiB body in reads of up to 256 KiB
                .childOption(
                        ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(new HttpServerCodec(decoding), new ConnectionHandler(FullSessionServer.this));
                    }
                })
                .bind(address)
                .sync()
                .channel();
        listeners.add(listener);
    }

    /**
     * Stops accepting and deletes the socket file; connections in progress have {@code graceMillis} to be answered,
     * then those still waiting are answered 503 and every connection is closed.
     */
    void stop(long graceMillis) {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        listeners.clear();
        deleteSocketFile();
        if (connections != null && !connections.isEmpty()) {
            if (graceMillis > 0 && !connections.newCloseFuture().awaitUninterruptibly(graceMillis)) {
                LOG.info(
                        "FullSession front door '{}': {} connections still open after the {} ms grace, answering 503",
                        settings.name(),
                        connections.size(),
                        graceMillis);
            }
            for (Channel ch : connections) {
                ConnectionHandler handler = ch.pipeline().get(ConnectionHandler.class);
                if (handler != null) {
                    ch.eventLoop().execute(handler::shutdown);
                }
            }
            connections.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
            connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
    }

    /** Hands a complete request to the consumer; one it cannot take is answered 503 and released. */
    void dispatch(FullSessionRequest request) {
        try {
            sink.accept(request);
        } catch (RuntimeException e) {
            request.answerInstead(Refusal.SHUTTING_DOWN, settings.retryAfterSeconds());
            request.routeDone();
        }
    }

    FrontDoorSettings settings() {
        return settings;
    }

    FrontDoorCounters counters() {
        return counters;
    }

    InFlightBudget budget() {
        return budget;
    }

    /** Body bytes held now by this server's requests. */
    long inFlightBytes() {
        return budget.used();
    }

    void log(Refusal refusal, Channel channel, String detail) {
        refusals.warn(
                refusal.name(),
                "FullSession front door '{}' refused a request ({}): {} ({})",
                settings.name(),
                peer(channel),
                refusal,
                detail);
    }

    void debug(Channel channel, Throwable cause) {
        LOG.debug("FullSession front door '{}': connection from {} failed", settings.name(), peer(channel), cause);
    }

    private static String peer(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        // the peer of a Unix socket has no address of its own
        return remote instanceof InetSocketAddress ? remote.toString() : String.valueOf(channel.localAddress());
    }

    private void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IllegalStateException(
                    "fullsession:" + settings.name() + ": " + socket + " exists and is not a socket; not removing it");
        }
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
        } catch (IOException refused) {
            Files.delete(socket);
            LOG.info("Removed the stale socket {} (nothing listens on it)", socket);
            return;
        }
        throw new IllegalStateException(
                "fullsession:" + settings.name() + ": " + socket + " is served by another process");
    }

    private void deleteSocketFile() {
        Path socket = settings.socketPath();
        if (socket == null || socketFileKey == null) {
            return;
        }
        try {
            // only ours: a newer instance may have bound the same path since
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && Objects.equals(fileKey(socket), socketFileKey)) {
                Files.delete(socket);
            }
        } catch (IOException e) {
            LOG.warn("Cannot delete the socket {}: {}", socket, e.getMessage());
        }
        socketFileKey = null;
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    private static String epollUnavailableReason() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? "unknown reason" : String.valueOf(cause.getMessage());
    }
}
