package io.inventorysync.bench;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import io.inventorysync.router.ProviderLink;
import io.inventorysync.router.RouterFrame;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One router connection shared by many agents, as the router multiplexes a manager's agents over few connections:
 * every agent writes its frames through it (one write per frame, under a lock), and one reader thread hands each
 * response to its agent by the response header {@code <agent3> <module>_sync}. {@link #link} gives an agent its view
 * of the connection, a {@link ProviderLink} whose read timeout is the agent's wait for an answer, so the simulator's
 * own retry rules ({@code SimulatedAgent}) run unchanged over it.
 */
final class MuxConnection implements AutoCloseable {

    /** Put into every agent's queue when the connection is gone. */
    private static final RouterFrame CLOSED = new RouterFrame("", new byte[0]);

    private final Socket socket;
    private final OutputStream out;
    private final Map<String, LinkedBlockingQueue<RouterFrame>> queues = new ConcurrentHashMap<>();
    private final Thread reader;
    private final AtomicLong unrouted = new AtomicLong();
    private volatile IOException failure;

    MuxConnection(int port, String name) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        reader = new Thread(() -> read(in), name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                RouterFrame frame = RouterFrame.read(in);
                LinkedBlockingQueue<RouterFrame> q = queues.get(frame.header());
                if (q == null) {
                    unrouted.incrementAndGet();
                } else {
                    q.add(frame);
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            queues.values().forEach(q -> q.add(CLOSED));
        }
    }

    /** Responses whose header named no registered agent. */
    long unrouted() {
        return unrouted.get();
    }

    /** Agent {@code agent3}'s view of this connection for module {@code module}. */
    AgentLink link(String agent3, String module) {
        LinkedBlockingQueue<RouterFrame> q = new LinkedBlockingQueue<>();
        queues.put(agent3 + " " + module + "_sync", q);
        return new AgentLink(q);
    }

    private void write(byte[] frame) throws IOException {
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * One agent's side: its writes go out on the shared connection; {@link #receive()} waits for this agent's next
     * response at most the read timeout. It counts what the agent sent and saw: Starts and Ends (so resends),
     * Offline StartAcks, and the longest single wait for an answer (a wait that ran out counts as its full length).
     */
    final class AgentLink implements ProviderLink {
        private final LinkedBlockingQueue<RouterFrame> queue;
        private volatile int timeoutMillis = 60_000;
        int startsSent;
        int endsSent;
        int offlineStartAcks;
        int timeouts;
        long longestWaitNanos;

        private AgentLink(LinkedBlockingQueue<RouterFrame> queue) {
            this.queue = queue;
        }

        @Override
        public void publish(byte[] body) throws IOException {
            byte type = Message.getRootAsMessage(ByteBuffer.wrap(body)).contentType();
            if (type == MessageType.Start) {
                startsSent++;
            } else if (type == MessageType.End) {
                endsSent++;
            }
            write(RouterFrame.bytesOf(RouterFrame.of(RouterFrame.PUBLISH_HEADER, body)));
        }

        @Override
        public RouterFrame receive() throws IOException {
            long t0 = System.nanoTime();
            RouterFrame frame;
            try {
                frame = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            longestWaitNanos = Math.max(longestWaitNanos, System.nanoTime() - t0);
            if (frame == null) {
                timeouts++;
                throw new SocketTimeoutException("no answer within " + timeoutMillis + " ms");
            }
            if (frame == CLOSED) {
                queue.add(CLOSED);
                throw failure != null ? failure : new IOException("connection closed");
            }
            Message m = Message.getRootAsMessage(ByteBuffer.wrap(frame.body()));
            if (m.contentType() == MessageType.StartAck
                    && ((StartAck) m.content(new StartAck())).status() == Status.Offline) {
                offlineStartAcks++;
            }
            return frame;
        }

        @Override
        public void setReadTimeout(int millis) {
            timeoutMillis = millis;
        }

        @Override
        public void close() {}
    }
}
