package io.inventorysync.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the service's FullSession door in tests: a JDK server socket (Unix or loopback TCP) that reads each
 * request as remoted sends it (head, then Content-Length bytes of body), keeps it, answers what the test's responder
 * says and closes the connection. One thread per connection.
 */
final class FakeFullSessionDoor implements AutoCloseable {

    /** One request as received: the head exactly as its bytes came (CRLFs included), its headers, its body. */
    record Request(String head, Map<String, String> headers, byte[] body) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer: the raw bytes to write, after {@code delay}. */
    record Reply(String raw, Duration delay) {
        /** An answer as the service writes it: JSON body, Content-Length, Connection: close, extra header lines. */
        static Reply of(int status, String reason, String body, String... extraHeaders) {
            StringBuilder h = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\n");
            h.append("Content-Type: application/json\r\n");
            h.append("Content-Length: ")
                    .append(body.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n");
            for (String extra : extraHeaders) {
                h.append(extra).append("\r\n");
            }
            h.append("Connection: close\r\n\r\n").append(body);
            return new Reply(h.toString(), Duration.ZERO);
        }

        static Reply ok() {
            return of(200, "OK", "{\"status\":\"ok\"}");
        }

        static Reply busy(int retryAfterSeconds) {
            return of(
                    503,
                    "Service Unavailable",
                    "{\"error\":\"Busy\",\"code\":503}",
                    "Retry-After: " + retryAfterSeconds);
        }

        Reply after(Duration wait) {
            return new Reply(raw, wait);
        }
    }

    private final ServerSocketChannel server;
    private final Path socket;
    private final Function<Request, Reply> responder;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** Answer as soon as the head is read, never reading the body (as the service's 413 does). */
    private volatile boolean answerBeforeBody;

    private FakeFullSessionDoor(ServerSocketChannel server, Path socket, Function<Request, Reply> responder) {
        this.server = server;
        this.socket = socket;
        this.responder = responder;
        Thread acceptor = new Thread(this::accept, "fake-fullsession-door");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FakeFullSessionDoor unix(Path socket, Function<Request, Reply> responder) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new FakeFullSessionDoor(server, socket, responder);
    }

    static FakeFullSessionDoor tcp(Function<Request, Reply> responder) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new FakeFullSessionDoor(server, null, responder);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    FakeFullSessionDoor answeringBeforeTheBody() {
        answerBeforeBody = true;
        return this;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Errors of the connection threads (a request that was not HTTP, say). */
    List<Throwable> failures() {
        return new ArrayList<>(failures);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                Thread t = new Thread(() -> serve(connection), "fake-fullsession-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
            ByteBuffer one = ByteBuffer.allocate(1);
            // byte by byte up to the blank line: nothing of the body is read with the head
            while (!endsWithBlankLine(headBytes)) {
                one.clear();
                if (connection.read(one) < 0) {
                    throw new IOException("closed in the head after " + headBytes.size() + " bytes");
                }
                headBytes.write(one.get(0));
            }
            String head = headBytes.toString(StandardCharsets.ISO_8859_1);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            line.substring(0, colon).toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            byte[] body = new byte[0];
            if (!answerBeforeBody) {
                ByteBuffer b = ByteBuffer.allocate(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                while (b.hasRemaining()) {
                    if (connection.read(b) < 0) {
                        throw new IOException("closed in the body at " + b.position() + " of " + b.capacity());
                    }
                }
                body = b.array();
            }
            Request request = new Request(head, Map.copyOf(headers), body);
            requests.add(request);
            Reply reply = responder.apply(request);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            ByteBuffer out = ByteBuffer.wrap(reply.raw().getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                connection.write(out);
            }
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream bytes) {
        byte[] b = bytes.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (socket != null) {
            Files.deleteIfExists(socket);
        }
    }
}
