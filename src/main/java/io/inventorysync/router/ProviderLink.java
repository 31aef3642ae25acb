package io.inventorysync.router;

import java.io.IOException;

/**
 * The way a provider (the router, remoted) reaches the service and hears its responses, as the agent simulator sees
 * it: {@link RouterClient} over the TCP listener; in tests, the router broker emulator and remoted's AR queue.
 */
public interface ProviderLink extends AutoCloseable {

    /** Publishes one message body (a FlatBuffers {@code Message} or a JSON command) towards the service. */
    void publish(byte[] body) throws IOException;

    /**
     * The next response, as a frame with the header {@code <agent> <module>_sync}; {@link java.net.SocketTimeoutException}
     * after the read timeout.
     */
    RouterFrame receive() throws IOException;

    /** How long {@link #receive()} waits. */
    void setReadTimeout(int millis) throws IOException;

    @Override
    void close() throws IOException;
}
