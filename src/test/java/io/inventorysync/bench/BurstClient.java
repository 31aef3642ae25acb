package io.inventorysync.bench;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.StartAck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The router side of the burst: every connection's Starts written at once and every StartAck read back by a single
 * thread over non-blocking sockets, parsed in place. The client shares the machine's two cores with the service;
 * with a writer and a reader thread per connection and a system call per frame it needed more CPU than the service
 * and so took it from the service being measured.
 *
 * <p>A Start's latency counts from just before the write that offers its first byte to the socket, until its
 * StartAck is read. The service answers the Starts of a connection in the order it read them, so the n-th StartAck
 * on a connection answers its n-th Start; its header ({@code <agent> <module>_sync}) is checked.
 */
final class BurstClient {

    /** What was measured, per connection and Start. */
    record Outcome(long[][] sentAt, long[][] ackedAt, byte[][] status, long startedAt, long allSentAt) {}

    private static final int CHUNK = 64 * 1024;

    private BurstClient() {}

    /**
     * Connects {@code frames.size()} connections, writes each connection's frames ({@code frames.get(c)}, encoded
     * router frames) back to back, and reads until every Start is answered or {@code timeoutMillis} passed.
     */
    static Outcome run(int port, List<List<byte[]>> frames, List<List<String>> keys, long timeoutMillis)
            throws IOException {
        int conns = frames.size();
        Connection[] connections = new Connection[conns];
        try (Selector selector = Selector.open()) {
            for (int c = 0; c < conns; c++) {
                connections[c] = new Connection(port, frames.get(c), keys.get(c));
                connections[c].channel.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE, connections[c]);
            }
            long startedAt = System.nanoTime();
            long deadline = startedAt + timeoutMillis * 1_000_000L;
            long allSentAt = 0;
            int unanswered = 0;
            for (Connection connection : connections) {
                unanswered += connection.sentAt.length;
            }
            int writing = conns;
            while (unanswered > 0 && System.nanoTime() < deadline) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    if (key.isValid() && key.isWritable() && connection.write()) {
                        key.interestOps(SelectionKey.OP_READ);
                        if (--writing == 0) {
                            allSentAt = System.nanoTime();
                        }
                    }
                    if (key.isValid() && key.isReadable()) {
                        unanswered -= connection.read();
                    }
                }
                selector.selectedKeys().clear();
            }
            long[][] sentAt = new long[conns][];
            long[][] ackedAt = new long[conns][];
            byte[][] status = new byte[conns][];
            for (int c = 0; c < conns; c++) {
                sentAt[c] = connections[c].sentAt;
                ackedAt[c] = connections[c].ackedAt;
                status[c] = connections[c].status;
            }
            return new Outcome(sentAt, ackedAt, status, startedAt, allSentAt);
        } finally {
            for (Connection connection : connections) {
                if (connection != null) {
                    connection.channel.close();
                }
            }
        }
    }

    /** One connection: its frames as one byte stream going out, its responses coming in. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer out;
        final int[] frameStart;
        final byte[][] expectedHeader;
        final long[] sentAt;
        final long[] ackedAt;
        final byte[] status;
        final ByteBuffer in = ByteBuffer.allocate(256 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        final StartAck ack = new StartAck();
        int stamped;
        int answered;

        Connection(int port, List<byte[]> frames, List<String> keys) throws IOException {
            channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            int n = frames.size();
            frameStart = new int[n];
            expectedHeader = new byte[n][];
            int bytes = 0;
            for (int i = 0; i < n; i++) {
                frameStart[i] = bytes;
                bytes += frames.get(i).length;
                expectedHeader[i] = keys.get(i).getBytes(StandardCharsets.US_ASCII);
            }
            out = ByteBuffer.allocate(bytes);
            for (byte[] frame : frames) {
                out.put(frame);
            }
            out.flip();
            sentAt = new long[n];
            ackedAt = new long[n];
            status = new byte[n];
        }

        /** Writes what the socket takes, at most a chunk; true once everything is written. */
        boolean write() throws IOException {
            int limit = Math.min(out.limit(), out.position() + CHUNK);
            long now = System.nanoTime();
            while (stamped < frameStart.length && frameStart[stamped] < limit) {
                sentAt[stamped++] = now;
            }
            ByteBuffer chunk = out.duplicate().limit(limit);
            channel.write(chunk);
            out.position(chunk.position());
            return !out.hasRemaining();
        }

        /** Reads what arrived and records every complete StartAck; the number recorded. */
        int read() throws IOException {
            int before = answered;
            if (channel.read(in) < 0) {
                throw new IOException("the service closed a connection after " + answered + " StartAcks");
            }
            long now = System.nanoTime();
            in.flip();
            while (in.remaining() >= 8) {
                int at = in.position();
                int packetSize = in.getInt(at);
                if (in.remaining() < 4 + packetSize) {
                    break;
                }
                int headerSize = in.getInt(at + 4);
                record(at + 8, headerSize, at + 8 + headerSize, now);
                in.position(at + 4 + packetSize);
            }
            in.compact();
            return answered - before;
        }

        private void record(int header, int headerSize, int body, long now) throws IOException {
            int n = answered;
            if (n >= expectedHeader.length || !sameBytes(header, headerSize, expectedHeader[n])) {
                throw new IOException("response " + n + " is not the StartAck of Start " + n + " of this connection");
            }
            Message message = Message.getRootAsMessage(
                    in.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(body));
            if (message.contentType() != MessageType.StartAck) {
                throw new IOException(
                        "response " + n + " is a " + MessageType.name(message.contentType()) + ", not a StartAck");
            }
            message.content(ack);
            ackedAt[n] = now;
            status[n] = ack.status();
            answered++;
        }

        private boolean sameBytes(int at, int length, byte[] expected) {
            if (length != expected.length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (in.get(at + i) != expected[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
