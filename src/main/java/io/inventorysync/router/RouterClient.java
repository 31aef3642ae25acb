package io.inventorysync.router;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * A blocking router-side connection to the service: writes frames the way the router does and reads the responses.
 * Used by the agent simulator and the tests; not thread-safe.
 */
public final class RouterClient implements ProviderLink {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RouterClient(String host, int port, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** How long {@link #receive()} waits for a frame before {@link java.net.SocketTimeoutException}. */
    @Override
    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Publishes a body as the router does: header {@code P}. */
    @Override
    public void publish(byte[] body) throws IOException {
        send(RouterFrame.of(RouterFrame.PUBLISH_HEADER, body));
    }

    public void send(RouterFrame frame) throws IOException {
        sendRaw(RouterFrame.bytesOf(frame));
    }

    /** Bytes as they are, framed or not. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Bytes as they are, buffered: they leave when the buffer (8 KiB) fills or on {@link #flush()}, many frames per
     * system call, as a router forwarding a burst writes them.
     */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The next frame; {@link java.net.SocketTimeoutException} after the read timeout, {@link EOFException} when closed. */
    @Override
    public RouterFrame receive() throws IOException {
        return RouterFrame.read(in);
    }

    /** True when the service has closed this connection (reads end-of-stream within the read timeout). */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
