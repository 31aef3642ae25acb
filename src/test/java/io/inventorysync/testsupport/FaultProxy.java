package io.inventorysync.testsupport;

import io.inventorysync.tls.TlsMaterial;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A fault-injecting HTTPS proxy in front of the test node, on a free loopback port.
 *
 * <p>It terminates TLS itself with the node's certificate (SAN localhost/127.0.0.1, signed by root-ca.pem) — or
 * any other certificate, e.g. an expired one — so it can read each HTTP request and decide, per request, to pass it
 * on, answer it with a canned status, or reset the connection in the middle of its body. Passed-on requests go to
 * the real node over a new mutual-TLS connection (client.pem) with {@code Connection: close}, and the answer is
 * relayed with {@code Connection: close} too: one request per connection keeps the relay trivially correct.
 *
 * <p>Faults switch at runtime and apply to the next request or connection:
 * {@link #refuseConnections()}, {@link #resetWhen}, {@link #answer}, {@link #limitBody}; {@link #passThrough()}
 * clears them all. Only {@code Content-Length} request bodies are understood (what httpclient sends for the
 * service's entities).
 */
public final class FaultProxy implements AutoCloseable {

    /** One request as the proxy saw it. */
    public record Request(String method, String path, long contentLength) {}

    /** A fault: when it matches a request, reset (status 0) or answer {@code status} with {@code body}. */
    private record Rule(Predicate<Request> when, int status, String body, AtomicInteger remaining) {
        boolean take(Request r) {
            return when.test(r) && remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
        }
    }

    private final ServerSocket server;
    private final SSLSocketFactory serverTls;
    private final SSLSocketFactory upstreamTls;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private volatile boolean refusing;

    private FaultProxy(TestIndexer indexer, Path serverCert, Path serverKey) throws IOException {
        Path ca = indexer.cert("root-ca.pem");
        this.serverTls =
                TlsMaterial.sslContext(List.of(ca), serverCert, serverKey).getSocketFactory();
        this.upstreamTls = TlsMaterial.sslContext(
                        List.of(ca), indexer.cert("client.pem"), indexer.cert("client-key.pem"))
                .getSocketFactory();
        this.upstreamPort = indexer.port();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A pass-through proxy presenting the node's own certificate. */
    public static FaultProxy start(TestIndexer indexer) {
        return start(indexer, indexer.cert("node.pem"), indexer.cert("node-key.pem"));
    }

    /** A pass-through proxy presenting {@code serverCert} (signed by root-ca) with its key. */
    public static FaultProxy start(TestIndexer indexer, Path serverCert, Path serverKey) {
        try {
            return new FaultProxy(indexer, serverCert, serverKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code https://localhost:PORT}, as ossec.conf names a host. */
    public String url() {
        return "https://localhost:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Clears every fault: connections accepted, requests passed on. */
    public FaultProxy passThrough() {
        refusing = false;
        rules.clear();
        return this;
    }

    /** New connections are accepted and reset at once (before the TLS handshake). */
    public FaultProxy refuseConnections() {
        refusing = true;
        return this;
    }

    /** Matching requests: read half of the body, then reset the TCP connection (RST, no TLS close). */
    public FaultProxy resetWhen(Predicate<Request> when) {
        rules.add(new Rule(when, 0, null, new AtomicInteger(Integer.MAX_VALUE)));
        return this;
    }

    /** The next {@code times} matching requests get {@code status} with a JSON {@code body} (not passed on). */
    public FaultProxy answer(Predicate<Request> when, int status, String body, int times) {
        rules.add(new Rule(when, status, body, new AtomicInteger(times)));
        return this;
    }

    /** Matching requests, for ever: answered {@code status} with {@code body}. */
    public FaultProxy answerAlways(Predicate<Request> when, int status, String body) {
        return answer(when, status, body, Integer.MAX_VALUE);
    }

    /** Requests with a body above {@code maxBytes} get 413, as a node with a smaller max content length would. */
    public FaultProxy limitBody(long maxBytes) {
        return answerAlways(
                r -> r.contentLength() > maxBytes,
                413,
                "{\"error\":\"request body of more than " + maxBytes + " bytes refused by the fault proxy\"}");
    }

    /** Requests whose path starts with {@code prefix}. */
    public static Predicate<Request> path(String prefix) {
        return r -> r.path().startsWith(prefix);
    }

    /** Every request read so far (faulted or not), in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** TCP connections accepted so far, refused ones included. */
    public int connections() {
        return connections.get();
    }

    /** Faults injected so far: refused connections, resets and canned answers. */
    public int faults() {
        return faults.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket plain;
            try {
                plain = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            if (refusing) {
                faults.incrementAndGet();
                reset(plain);
                continue;
            }
            open.add(plain);
            threads.execute(() -> {
                try {
                    serve(plain);
                } catch (IOException e) {
                    // the client went away, or a fault cut the connection: nothing to report
                } finally {
                    closeQuietly(plain);
                    open.remove(plain);
                }
            });
        }
    }

    /** Requests of one client connection until it closes, a fault cuts it or one is passed on. */
    private void serve(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) serverTls.createSocket(plain, null, true); // server mode, layered on plain
        tls.setUseClientMode(false);
        tls.startHandshake();
        InputStream in = new BufferedInputStream(tls.getInputStream());
        OutputStream out = tls.getOutputStream();
        while (true) {
            List<String> head = readHead(in);
            if (head == null) {
                return;
            }
            String[] line = head.get(0).split(" ");
            long length = contentLength(head);
            Request request = new Request(line[0], line.length > 1 ? line[1] : "/", length);
            requests.add(request);
            Rule rule = rules.stream().filter(r -> r.take(request)).findFirst().orElse(null);
            if (rule != null && rule.status() == 0) {
                faults.incrementAndGet();
                in.readNBytes((int) (length / 2));
                reset(plain);
                return;
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length < length) {
                return;
            }
            if (rule != null) {
                faults.incrementAndGet();
                byte[] answer = rule.body().getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + rule.status() + " Fault\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + answer.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
                continue;
            }
            forward(head, body, out);
            return;
        }
    }

    /** One request to the real node with Connection: close; its answer relayed with Connection: close. */
    private void forward(List<String> head, byte[] body, OutputStream out) throws IOException {
        try (SSLSocket up = (SSLSocket) upstreamTls.createSocket("localhost", upstreamPort)) {
            up.setSoTimeout(60_000);
            OutputStream upOut = up.getOutputStream();
            upOut.write(withConnectionClose(head));
            upOut.write(body);
            upOut.flush();
            InputStream upIn = new BufferedInputStream(up.getInputStream());
            List<String> answer = readHead(upIn);
            if (answer == null) {
                throw new EOFException("node closed without answering");
            }
            out.write(withConnectionClose(answer));
            long length = contentLength(answer);
            if (answer.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))) {
                out.write(upIn.readNBytes((int) length));
            } else {
                upIn.transferTo(out); // chunked or until close: the node closes after Connection: close
            }
            out.flush();
        }
    }

    private static byte[] withConnectionClose(List<String> head) {
        StringBuilder s = new StringBuilder();
        for (String h : head) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("connection:") && !lower.startsWith("keep-alive:")) {
                s.append(h).append("\r\n");
            }
        }
        return s.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request or status line and headers, without the blank line; null on EOF before any byte. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside an HTTP head");
            }
            buf.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        List<String> lines =
                new ArrayList<>(List.of(text.substring(0, text.length() - 4).split("\r\n")));
        if (lines.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).matches("transfer-encoding:.*chunked.*"))
                && lines.get(0).matches("^[A-Z]+ .*")) {
            throw new IOException("chunked request bodies are not supported by the fault proxy");
        }
        return lines;
    }

    private static long contentLength(List<String> head) {
        for (String h : head) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(h.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    /** An RST instead of a FIN: linger 0, then close the TCP socket under any TLS layer. */
    private static void reset(Socket plain) {
        try {
            plain.setSoLinger(true, 0);
        } catch (IOException e) {
            // close anyway
        }
        closeQuietly(plain);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
