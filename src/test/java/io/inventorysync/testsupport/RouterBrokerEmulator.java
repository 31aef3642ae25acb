package io.inventorysync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A test stand-in for the router broker that modulesd runs in a Wazuh 5.0.0-beta4 manager, faithful to what the
 * service sees of it (wazuh-manager-transport.md §2-3). Upstream files, paths in {@code wazuh/wazuh} at v5.0.0-beta4:
 * <ul>
 * <li>{@code src/shared_modules/utils/socketWrapper.hpp} ({@code AppendHeaderProtocol}): every frame is
 * {@code u32le packetSize, u32le headerSize, header, body};</li>
 * <li>{@code src/shared_modules/router/src/routerFacade.cpp}: the registration server on
 * {@code queue/router/subscription.sock}; {@code InitProvider} creates the topic's socket if missing and is answered
 * {@code {"Result":"OK"}}, any other {@code MessageType} is answered {@code {"Result":"<error>"}};</li>
 * <li>{@code src/shared_modules/router/src/publisher.hpp}: the topic's socket {@code queue/router/<topic>}; a frame
 * with header {@code P} is published to the subscribers, a frame with an empty header is a subscription (only
 * {@code subscriberId} is read), answered {@code {"Result":"OK"}}; every published message goes to each subscriber as
 * a frame with an empty header;</li>
 * <li>published messages are queued and sent by one dispatch thread, one write per message and subscriber
 * ({@code PUBLISHER_DISPATCH_THREAD_COUNT} 1 in {@code publisher.hpp}, {@code socketServer.hpp} {@code send});</li>
 * <li>a subscriber id delivers to the connection that subscribed with it last (spec §3).</li>
 * </ul>
 * Blocking JDK Unix-domain sockets, a thread per connection: small, and enough for tests and benchmarks.
 */
public final class RouterBrokerEmulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final byte[] OK = "{\"Result\":\"OK\"}".getBytes(StandardCharsets.US_ASCII);

    private final Path routerDir;
    private final String topic;
    private final Map<String, Connection> subscribers = new ConcurrentHashMap<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final BlockingQueue<byte[]> dispatch = new LinkedBlockingQueue<>();
    private Thread dispatcher;
    private volatile ServerSocketChannel registration;
    private volatile ServerSocketChannel topicServer;
    /** What the registration server answers an InitProvider; {@code OK} unless a test wants a refusal. */
    private volatile byte[] initProviderAnswer = OK;

    /** A broker for {@code <home>/queue/router/}, not started. */
    public RouterBrokerEmulator(Path home, String topic) {
        this.routerDir = home.resolve("queue/router");
        this.topic = topic;
    }

    public Path registrationSocket() {
        return routerDir.resolve("subscription.sock");
    }

    public Path topicSocket() {
        return routerDir.resolve(topic);
    }

    /** Binds the registration socket; the topic's socket appears with the first InitProvider, as upstream. */
    public synchronized RouterBrokerEmulator start() throws IOException {
        Files.createDirectories(routerDir);
        Files.deleteIfExists(registrationSocket());
        Files.deleteIfExists(topicSocket());
        registration = bind(registrationSocket());
        acceptLoop(registration, this::serveRegistration, "broker-registration");
        if (dispatcher == null) {
            dispatcher = new Thread(this::dispatchLoop, "broker-dispatch");
            dispatcher.setDaemon(true);
            dispatcher.start();
        }
        return this;
    }

    /** Closes every socket and unlinks the paths, as modulesd's exit does. */
    public synchronized void stop() throws IOException {
        subscribers.clear();
        for (ServerSocketChannel server : new ServerSocketChannel[] {registration, topicServer}) {
            if (server != null) {
                server.close();
            }
        }
        registration = null;
        topicServer = null;
        for (SocketChannel ch : open) {
            ch.close();
        }
        open.clear();
        Files.deleteIfExists(registrationSocket());
        Files.deleteIfExists(topicSocket());
    }

    /** A modulesd restart: everything closed and unlinked, then bound anew. */
    public void restart() throws IOException {
        stop();
        start();
    }

    /** Refuses (or accepts again, with {@link #OK}) later InitProvider messages with this answer body. */
    public void answerInitProvider(byte[] answer) {
        this.initProviderAnswer = answer;
    }

    /** Subscriptions accepted so far, over every restart. */
    public long subscriptions() {
        return subscriptions.get();
    }

    public long published() {
        return published.get();
    }

    /** Waits until a connection is subscribed as {@code subscriberId}; false after the timeout. */
    public boolean awaitSubscriber(String subscriberId, long timeout, TimeUnit unit) {
        try {
            Awaitility.await()
                    .atMost(timeout, unit)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> subscribers.containsKey(subscriberId));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Publishes a body as a provider would (remoted, authd): to every subscriber, as a frame with an empty header. */
    public void publish(byte[] body) {
        published.incrementAndGet();
        dispatch.add(body);
    }

    private void dispatchLoop() {
        try {
            while (true) {
                byte[] body = dispatch.take();
                for (Connection subscriber : subscribers.values()) {
                    subscriber.sendFrame(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Raw bytes to every subscriber, framed or not: what a broken broker or a corrupted stream would send. */
    public void sendRaw(byte[] bytes) {
        for (Connection subscriber : subscribers.values()) {
            subscriber.send(ByteBuffer.wrap(bytes));
        }
    }

    /** A provider's connection to the topic's socket (as remoted opens one): frames it publishes carry header P. */
    public Provider provider() throws IOException {
        return Provider.connect(topicSocket());
    }

    /**
     * Another subscriber, as the manager's native inventory_sync module: subscribes with {@code subscriberId} on a
     * topic connection of its own and counts what the broker delivers to it.
     */
    public OtherSubscriber subscriber(String subscriberId) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(topicSocket()));
        Connection c = new Connection(ch);
        c.sendFrame(("{\"subscriberId\":\"" + subscriberId + "\",\"type\":\"subscribe\"}")
                .getBytes(StandardCharsets.US_ASCII));
        OtherSubscriber other = new OtherSubscriber(ch);
        Thread reader = new Thread(
                () -> {
                    try {
                        while (true) {
                            c.readFrame();
                            other.frames.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // closed
                    }
                },
                "other-subscriber");
        reader.setDaemon(true);
        reader.start();
        return other;
    }

    /** A subscriber that is not the service; {@link #frames()} includes the broker's OK. */
    public static final class OtherSubscriber implements AutoCloseable {
        private final SocketChannel ch;
        private final AtomicLong frames = new AtomicLong();

        private OtherSubscriber(SocketChannel ch) {
            this.ch = ch;
        }

        public long frames() {
            return frames.get();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private ServerSocketChannel bind(Path path) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        return server;
    }

    private interface Handler {
        void serve(Connection connection) throws IOException;
    }

    private void acceptLoop(ServerSocketChannel server, Handler handler, String name) {
        Thread accept = new Thread(
                () -> {
                    while (server.isOpen()) {
                        try {
                            SocketChannel ch = server.accept();
                            open.add(ch);
                            Thread serve = new Thread(
                                    () -> {
                                        Connection c = new Connection(ch);
                                        try {
                                            handler.serve(c);
                                        } catch (IOException e) {
                                            // the peer went away or the broker stopped: the connection ends
                                        } finally {
                                            subscribers.values().remove(c);
                                            open.remove(ch);
                                            closeQuietly(ch);
                                        }
                                    },
                                    name + "-connection");
                            serve.setDaemon(true);
                            serve.start();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                name);
        accept.setDaemon(true);
        accept.start();
    }

    private void serveRegistration(Connection c) throws IOException {
        while (true) {
            Frame frame = c.readFrame();
            String answer;
            try {
                JsonNode message = JSON.readTree(frame.body());
                if ("InitProvider".equals(message.path("MessageType").asText())) {
                    createTopic();
                    c.sendFrame(initProviderAnswer);
                    continue;
                }
                answer = "{\"Result\":\"Invalid message type\"}";
            } catch (IOException e) {
                answer = "{\"Result\":\"parse error\"}";
            }
            c.sendFrame(answer.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private synchronized void createTopic() throws IOException {
        if (topicServer == null && registration != null) {
            Files.deleteIfExists(topicSocket());
            topicServer = bind(topicSocket());
            acceptLoop(topicServer, this::serveTopic, "broker-topic");
        }
    }

    private void serveTopic(Connection c) throws IOException {
        while (true) {
            Frame frame = c.readFrame();
            if (frame.header().length > 0) {
                if ("P".equals(new String(frame.header(), StandardCharsets.US_ASCII))) {
                    publish(frame.body());
                }
                continue;
            }
            JsonNode message = JSON.readTree(frame.body());
            subscribers.put(message.path("subscriberId").asText(), c);
            subscriptions.incrementAndGet();
            c.sendFrame(OK);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private record Frame(byte[] header, byte[] body) {}

    private static final class Connection {
        private final SocketChannel ch;
        // reads fill a buffer and frames are cut from it, as the upstream socket wrapper reads into its own buffer
        private ByteBuffer in =
                ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN).flip();

        Connection(SocketChannel ch) {
            this.ch = ch;
        }

        Frame readFrame() throws IOException {
            ensure(8);
            int packetSize = in.getInt(in.position());
            int headerSize = in.getInt(in.position() + 4);
            ensure(4 + packetSize);
            in.position(in.position() + 8);
            byte[] header = new byte[headerSize];
            byte[] body = new byte[packetSize - 4 - headerSize];
            in.get(header).get(body);
            return new Frame(header, body);
        }

        /** At least {@code bytes} readable in {@link #in}, reading as much as the socket has. */
        private void ensure(int bytes) throws IOException {
            if (in.remaining() >= bytes) {
                return;
            }
            if (in.capacity() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(in);
                in = bigger;
            } else {
                in.compact();
            }
            while (in.position() < bytes) {
                if (ch.read(in) < 0) {
                    throw new EOFException();
                }
            }
            in.flip();
        }

        void sendFrame(byte[] body) {
            ByteBuffer frame = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
            frame.putInt(4 + body.length).putInt(0).put(body).flip();
            send(frame);
        }

        synchronized void send(ByteBuffer bytes) {
            try {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            } catch (IOException e) {
                // the subscriber went away: the message is lost, as upstream
            }
        }
    }

    /** A provider connection: publishes with header {@code P}; buffered writes leave on {@link #flush()}. */
    public static final class Provider implements AutoCloseable {
        private final SocketChannel ch;
        private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);

        private Provider(SocketChannel ch) {
            this.ch = ch;
        }

        /** A provider connection to a broker's topic socket, in this JVM or another. */
        public static Provider connect(Path topicSocket) throws IOException {
            return new Provider(SocketChannel.open(UnixDomainSocketAddress.of(topicSocket)));
        }

        /** Bytes as they are (already framed with header P), written now. */
        public synchronized void sendRaw(byte[] bytes) {
            flush();
            ByteBuffer raw = ByteBuffer.wrap(bytes);
            try {
                while (raw.hasRemaining()) {
                    ch.write(raw);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Publishes one message now. */
        public synchronized void publish(byte[] body) {
            write(body);
            flush();
        }

        /** Adds one message to the buffer; it leaves when the buffer fills or on {@link #flush()}. */
        public synchronized void write(byte[] body) {
            int size = 9 + body.length;
            if (buffer.remaining() < size) {
                flush();
                if (buffer.capacity() < size) {
                    buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
                }
            }
            buffer.putInt(5 + body.length).putInt(1).put((byte) 'P').put(body);
        }

        public synchronized void flush() {
            buffer.flip();
            try {
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                buffer.clear();
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
