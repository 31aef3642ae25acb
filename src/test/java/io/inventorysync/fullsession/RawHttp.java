package io.inventorysync.fullsession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A client that writes bytes as given (no HTTP library smoothing anything over) over the JDK's Unix or TCP socket
 * channels, and reads the answer until the server closes.
 */
final class RawHttp implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final SocketChannel channel;

    private RawHttp(SocketAddress address) throws IOException {
        this.channel = SocketChannel.open(address);
    }

    static RawHttp unix(Path socket) throws IOException {
        return new RawHttp(UnixDomainSocketAddress.of(socket));
    }

    static RawHttp tcp(int port) throws IOException {
        return new RawHttp(new InetSocketAddress("127.0.0.1", port));
    }

    /** Writes all of {@code text} (ISO-8859-1), blocking. */
    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        return send(ByteBuffer.wrap(bytes));
    }

    RawHttp send(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        return this;
    }

    /** Everything the server writes until it closes, parsed as one answer. */
    HttpReply receive() throws IOException, TimeoutException {
        return HttpReply.parse(readToEnd(READ_TIMEOUT));
    }

    /** One interim head ({@code 100 Continue}), up to its blank line, without waiting for the close. */
    String receiveInterim() throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("closed after '" + head + "'");
            }
            head.append((char) one.get(0));
        }
        return head.toString();
    }

    /** Reads until the server closes; true when it did so within {@code timeout}. */
    boolean closedByPeer(Duration timeout) throws IOException {
        try {
            readToEnd(timeout);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private byte[] readToEnd(Duration timeout) throws IOException, TimeoutException {
        channel.configureBlocking(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                int n = channel.read(buffer);
                if (n < 0) {
                    return out.toByteArray();
                }
                if (n > 0) {
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no end of the answer within " + timeout + ", got: " + out);
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            }
        } finally {
            channel.configureBlocking(true);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
