package io.inventorysync.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * remoted's side of the service's FullSession door (fullsession-protocol.md section 2): one HTTP/1.1 request per
 * connection, with the head remoted writes and its timeouts (2 s to connect, 5 s to write, 20 s for the answer), over
 * the Unix socket or the TCP door. Thread-safe: every call opens its own connection.
 *
 * <p>Hand-written rather than {@code java.net.http.HttpClient}: the JDK's client cannot connect to a Unix socket, and a
 * library for this one request shape is not worth a dependency.
 */
public final class FullSessionClient {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    /** remoted caps what it reads of an answer too; the service's answers are a few dozen bytes. */
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;
    /**
     * Bodies are written in slices: a heap buffer is copied into a per-thread temporary direct buffer as large as the
     * write, which the JDK then keeps cached (tens of MiB per sending thread for whole sessions).
     */
    private static final int WRITE_SLICE = 256 * 1024;
    /** How long to look for an answer the service sent before it stopped reading (413, 400): it is already sent. */
    private static final long EARLY_ANSWER_MILLIS = 500;

    /** An HTTP answer: status, reason, headers (names lower-cased, the last of a repeated name) and the body. */
    public record Answer(int status, String reason, Map<String, String> headers, String body) {
        public boolean ok() {
            return status == 200;
        }

        /** A header by case-insensitive name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** {@code Retry-After} in whole seconds (the only form remoted forwards); empty when absent or not that. */
        public Optional<Duration> retryAfter() {
            String value = header("retry-after");
            if (value == null
                    || value.isEmpty()
                    || value.length() > 6
                    || !value.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
    }

    private final SocketAddress address;
    private final boolean unix;
    private final Duration connectTimeout;
    private final Duration writeTimeout;
    private final Duration answerTimeout;

    private FullSessionClient(
            SocketAddress address,
            boolean unix,
            Duration connectTimeout,
            Duration writeTimeout,
            Duration answerTimeout) {
        this.address = address;
        this.unix = unix;
        this.connectTimeout = connectTimeout;
        this.writeTimeout = writeTimeout;
        this.answerTimeout = answerTimeout;
    }

    /** The door on a Unix stream socket, as remoted reaches it. */
    public static FullSessionClient unix(Path socket) {
        return new FullSessionClient(
                UnixDomainSocketAddress.of(socket), true, CONNECT_TIMEOUT, WRITE_TIMEOUT, ANSWER_TIMEOUT);
    }

    /** The door's TCP port ({@code inventory.fullsession.port}). */
    public static FullSessionClient tcp(String host, int port) {
        return new FullSessionClient(
                new InetSocketAddress(host, port), false, CONNECT_TIMEOUT, WRITE_TIMEOUT, ANSWER_TIMEOUT);
    }

    /** The same door with other timeouts (tests; remoted's answer timeout is configurable too). */
    public FullSessionClient withTimeouts(Duration connect, Duration write, Duration answer) {
        return new FullSessionClient(address, unix, connect, write, answer);
    }

    public Duration answerTimeout() {
        return answerTimeout;
    }

    /**
     * {@code POST /stateful} of one session (a {@code Message{FullSession}}, from its position to its limit; the
     * buffer itself is not moved) for agent {@code agentId}.
     *
     * @throws SocketTimeoutException when a phase took longer than its timeout (remoted answers the agent 503)
     * @throws IOException on any other transport error, or an answer that is not HTTP
     */
    public Answer post(String agentId, ByteBuffer body) throws IOException {
        byte[] head = head("POST", "/stateful", "application/octet-stream", agentId, body.remaining());
        return exchange(head, body.duplicate());
    }

    /** {@code DELETE /agents} of agent {@code agentId} (named in the header, empty body), as authd asks it. */
    public Answer deleteAgent(String agentId) throws IOException {
        return exchange(head("DELETE", "/agents", null, agentId, 0), ByteBuffer.allocate(0));
    }

    /** The request head in remoted's order; no Content-Type without a body type. */
    static byte[] head(String method, String path, String contentType, String agentId, long length) {
        if (agentId.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("an agent id cannot hold a line break");
        }
        StringBuilder h = new StringBuilder(192)
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append("\r\n");
        }
        h.append("X-Wazuh-Agent-Id: ").append(agentId).append("\r\n");
        h.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private Answer exchange(byte[] head, ByteBuffer body) throws IOException {
        // non-blocking with a selector: a channel has no read or write timeout of its own (a Unix one has no socket())
        try (SocketChannel channel = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0);
            connect(channel, key);
            long writeDeadline = deadline(writeTimeout);
            try {
                write(channel, key, ByteBuffer.wrap(head), writeDeadline);
                write(channel, key, body, writeDeadline);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                // the service may have answered and closed before reading the whole body (413, 400): read that answer
                try {
                    return read(channel, key, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EARLY_ANSWER_MILLIS));
                } catch (IOException none) {
                    e.addSuppressed(none);
                    throw e;
                }
            }
            return read(channel, key, deadline(answerTimeout));
        }
    }

    private void connect(SocketChannel channel, SelectionKey key) throws IOException {
        if (channel.connect(address)) {
            return;
        }
        long deadline = deadline(connectTimeout);
        key.interestOps(SelectionKey.OP_CONNECT);
        while (!channel.finishConnect()) {
            await(key, deadline, "connect", connectTimeout);
        }
    }

    private void write(SocketChannel channel, SelectionKey key, ByteBuffer buffer, long deadline) throws IOException {
        while (buffer.hasRemaining()) {
            ByteBuffer slice = buffer.slice();
            slice.limit(Math.min(slice.remaining(), WRITE_SLICE));
            int n = channel.write(slice);
            buffer.position(buffer.position() + n);
            if (n == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                await(key, deadline, "write", writeTimeout);
            }
        }
    }

    /** Reads until the answer is complete: its Content-Length of body after the head, or the end of the stream. */
    private Answer read(SocketChannel channel, SelectionKey key, long deadline) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream(512);
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (true) {
            int n = channel.read(buffer);
            if (n > 0) {
                received.write(buffer.array(), 0, n);
                buffer.clear();
                if (received.size() > MAX_ANSWER_BYTES) {
                    throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
                }
                Answer answer = parse(received.toByteArray(), false);
                if (answer != null) {
                    return answer;
                }
            } else if (n < 0) {
                Answer answer = parse(received.toByteArray(), true);
                if (answer == null) {
                    throw new IOException("connection closed after " + received.size() + " bytes, before an answer");
                }
                return answer;
            } else {
                key.interestOps(SelectionKey.OP_READ);
                await(key, deadline, "answer", answerTimeout);
            }
        }
    }

    /** The answer in {@code bytes}, or null while incomplete (at the end of the stream: the body is what came). */
    static Answer parse(byte[] bytes, boolean ended) throws IOException {
        int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headEnd < 0) {
            return null;
        }
        String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new IOException("chunked answers are not expected from the service");
        }
        int bodyStart = headEnd + 4;
        int available = bytes.length - bodyStart;
        String length = headers.get("content-length");
        int bodyLength;
        if (length == null) {
            if (!ended) {
                return null; // Connection: close delimits it
            }
            bodyLength = available;
        } else {
            try {
                bodyLength = Integer.parseInt(length);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + length);
            }
            if (available < bodyLength) {
                if (ended) {
                    throw new IOException("answer body cut at " + available + " of " + bodyLength + " bytes");
                }
                return null;
            }
        }
        String body = new String(bytes, bodyStart, bodyLength, StandardCharsets.UTF_8);
        return new Answer(code, status.length > 2 ? status[2] : "", Map.copyOf(headers), body);
    }

    private static void await(SelectionKey key, long deadline, String phase, Duration timeout) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException(phase + " timed out after " + timeout.toMillis() + " ms");
        }
        key.selector().select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        key.selector().selectedKeys().clear();
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
