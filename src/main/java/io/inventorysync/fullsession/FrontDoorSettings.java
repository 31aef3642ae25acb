package io.inventorysync.fullsession;

import java.nio.file.Path;

/**
 * One server's listeners and limits (the endpoint's options, checked there).
 *
 * @param name                the endpoint's name, for logs and thread names
 * @param socketPath          the Unix socket; null: none
 * @param host                the TCP listener's address
 * @param port                the TCP listener's port; 0: none
 * @param maxBodyBytes        Content-Length above this: 413
 * @param maxHeaderBytes      header block above this: 431
 * @param inFlightBytes       body bytes held over all connections at most; beyond: 503
 * @param headerTimeoutMillis the header block must be complete this long after the connection
 * @param bodyTimeoutMillis   the body must be complete this long after the headers; also how long a refused request's
 *                            remaining bytes are read and dropped, so that its peer reads the answer
 * @param answerTimeoutMillis a request the route has not answered this long after it arrived is answered 503; 0: never
 * @param retryAfterSeconds   {@code Retry-After} of the 503s the HTTP layer answers
 * @param shutdownGraceMillis at stop, how long requests in progress may still be answered by the route
 */
record FrontDoorSettings(
        String name,
        Path socketPath,
        String host,
        int port,
        int maxBodyBytes,
        int maxHeaderBytes,
        long inFlightBytes,
        long headerTimeoutMillis,
        long bodyTimeoutMillis,
        long answerTimeoutMillis,
        int retryAfterSeconds,
        long shutdownGraceMillis) {

    /** {@code {"agent_id":"…"}} needs no more. */
    static final int MAX_JSON_BODY_BYTES = 4096;

    int maxBodyBytes(RouteKind kind) {
        return switch (kind) {
            case STATEFUL -> maxBodyBytes;
            case DELETE_AGENT -> 0;
            case DELETE_AGENT_JSON -> Math.min(maxBodyBytes, MAX_JSON_BODY_BYTES);
        };
    }
}
