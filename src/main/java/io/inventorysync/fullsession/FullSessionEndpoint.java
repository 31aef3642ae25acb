package io.inventorysync.fullsession;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.TimeUtils;

/**
 * {@code fullsession:<name>?socketPath=…&port=…}: consumer only. At least one listener: {@code socketPath} (needs
 * Netty's epoll transport) or {@code port}. Durations are Camel's ({@code 500ms}, {@code 10s}), sizes in bytes.
 */
public final class FullSessionEndpoint extends DefaultEndpoint {

    /** Header of every exchange: the request's {@link RouteKind}, as its name. */
    public static final String KIND_HEADER = "FullSessionKind";
    /** Header of every exchange: {@link FullSessionRequest#agentId()} when there is one. */
    public static final String AGENT_ID_HEADER = "FullSessionAgentId";

    // goes into thread names and log lines
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String name;
    private String socketPath;
    private String host = "127.0.0.1";
    private int port;
    private int maxBodyBytes = 128 * 1024 * 1024;
    private int maxHeaderBytes = 16 * 1024;
    private long inFlightBytes = 256L * 1024 * 1024;
    private String headerTimeout = "10s";
    private String bodyTimeout = "30s";
    private String answerTimeout = "60s";
    private int retryAfter = 5;
    private int workerThreads = 2;
    private String shutdownGrace = "10s";

    FullSessionEndpoint(String uri, FullSessionComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("fullsession is a consumer: remoted is the client");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        FullSessionConsumer consumer = new FullSessionConsumer(
                this, processor, settings(), ((FullSessionComponent) getComponent()).counters(), workerThreads);
        configureConsumer(consumer);
        return consumer;
    }

    FrontDoorSettings settings() {
        require(name != null && NAME.matcher(name).matches(), "the name '" + name + "' must be 1-64 of [A-Za-z0-9._-]");
        require(socketPath != null && !socketPath.isBlank() || port > 0, "socketPath or port is required");
        require(port >= 0 && port <= 65535, "port " + port + " is not a TCP port (0: none)");
        require(maxBodyBytes > 0, "maxBodyBytes must be positive");
        require(
                maxBodyBytes <= inFlightBytes,
                "maxBodyBytes " + maxBodyBytes + " is above inFlightBytes " + inFlightBytes
                        + ": a body of the largest size could never be taken");
        require(maxHeaderBytes >= 1024, "maxHeaderBytes must be at least 1024");
        require(retryAfter >= 0, "retryAfter must not be negative");
        require(workerThreads >= 1, "workerThreads must be at least 1");
        long header = TimeUtils.toMilliSeconds(headerTimeout);
        long body = TimeUtils.toMilliSeconds(bodyTimeout);
        long answer = TimeUtils.toMilliSeconds(answerTimeout);
        require(header > 0 && body > 0, "headerTimeout and bodyTimeout must be positive");
        require(answer >= 0, "answerTimeout must not be negative (0: none)");
        return new FrontDoorSettings(
                name,
                socketPath == null || socketPath.isBlank() ? null : Path.of(socketPath),
                host,
                port,
                maxBodyBytes,
                maxHeaderBytes,
                inFlightBytes,
                header,
                body,
                answer,
                retryAfter,
                TimeUtils.toMilliSeconds(shutdownGrace));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("fullsession: " + message);
        }
    }

    public String getSocketPath() {
        return socketPath;
    }

    /** The Unix socket remoted posts to ({@code queue/sockets/inventory-sync.sock} under the manager's directory). */
    public void setSocketPath(String socketPath) {
        this.socketPath = socketPath;
    }

    public String getHost() {
        return host;
    }

    /** Address of the optional TCP listener; {@code 127.0.0.1} by default. */
    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    /** Port of the optional TCP listener, for tools without Unix sockets; 0 (default): none. */
    public void setPort(int port) {
        this.port = port;
    }

    public int getMaxBodyBytes() {
        return maxBodyBytes;
    }

    /** A Content-Length above this is answered 413 before the body is read; 128 MiB by default. */
    public void setMaxBodyBytes(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public int getMaxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** A header block above this is answered 431; 16 KiB by default. */
    public void setMaxHeaderBytes(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    public long getInFlightBytes() {
        return inFlightBytes;
    }

    /**
     * Body bytes held over all connections (received, being routed, waiting for the answer) at most; a body that would
     * go beyond is answered 503 with Retry-After. 256 MiB by default; the JVM's direct memory must be larger.
     */
    public void setInFlightBytes(long inFlightBytes) {
        this.inFlightBytes = inFlightBytes;
    }

    public String getHeaderTimeout() {
        return headerTimeout;
    }

    /** The header block must be complete this long after the connection; 10s by default. */
    public void setHeaderTimeout(String headerTimeout) {
        this.headerTimeout = headerTimeout;
    }

    public String getBodyTimeout() {
        return bodyTimeout;
    }

    /** The body must be complete this long after the headers; 30s by default (remoted writes within 5 s). */
    public void setBodyTimeout(String bodyTimeout) {
        this.bodyTimeout = bodyTimeout;
    }

    public String getAnswerTimeout() {
        return answerTimeout;
    }

    /**
     * A request the route has not answered this long after it arrived is answered 503 (remoted gives up after 20 s);
     * 60s by default, 0: never. The body stays held until the route's exchange completed all the same.
     */
    public void setAnswerTimeout(String answerTimeout) {
        this.answerTimeout = answerTimeout;
    }

    public int getRetryAfter() {
        return retryAfter;
    }

    /** Seconds in the Retry-After of the 503s the HTTP layer answers; 5 by default, 0: no Retry-After. */
    public void setRetryAfter(int retryAfter) {
        this.retryAfter = retryAfter;
    }

    public int getWorkerThreads() {
        return workerThreads;
    }

    /** Threads the route runs on (never the I/O thread: it verifies tens of MiB); 2 by default. */
    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    public String getShutdownGrace() {
        return shutdownGrace;
    }

    /** At stop, how long requests in progress may still be answered before they are answered 503; 10s by default. */
    public void setShutdownGrace(String shutdownGrace) {
        this.shutdownGrace = shutdownGrace;
    }
}
