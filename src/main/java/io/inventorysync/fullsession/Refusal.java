package io.inventorysync.fullsession;

/**
 * Why the HTTP layer answered a request itself, or dropped it, instead of handing it to the route; each is counted in
 * {@link FrontDoorCounters} and logged at a limited rate.
 */
public enum Refusal {
    /** Netty's decoder refused the request line or a header (a garbage line, a bad Content-Length): 400. */
    MALFORMED(400, "Malformed request"),
    /** The header block is over {@code maxHeaderBytes}: 431. */
    HEADERS_TOO_LARGE(431, "Request header fields too large"),
    NOT_FOUND(404, "Not found"),
    /** A known path with another method: 405 with {@code Allow}. */
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    /** {@code x-wazuh-agent-id} missing, empty or repeated on a request that needs it: 400. */
    MISSING_AGENT_ID(400, "Missing x-wazuh-agent-id header"),
    /** A body without Content-Length (chunked, any Transfer-Encoding): 411. */
    LENGTH_REQUIRED(411, "Length required"),
    EMPTY_BODY(400, "Empty body"),
    /** A deletion by header with a body: 400. */
    BODY_NOT_EMPTY(400, "Body must be empty"),
    /** Content-Length over the cap, answered before any of the body is read or allocated: 413. */
    BODY_TOO_LARGE(413, "Body too large"),
    /** The body would take the bytes in flight over {@code inFlightBytes}: 503 with Retry-After. */
    OVER_BUDGET(503, "Too many bytes in flight"),
    /** The budget had room but the JVM's direct memory did not (MaxDirectMemorySize below inFlightBytes): 503. */
    OUT_OF_DIRECT_MEMORY(503, "Out of direct memory"),
    /** No complete header block within {@code headerTimeout} of the connection: 408, closed. */
    HEADER_TIMEOUT(408, "Request timeout"),
    /** No complete body within {@code bodyTimeout} of the headers: 408, closed. */
    BODY_TIMEOUT(408, "Request timeout"),
    /** The peer closed in the middle of the body: nothing to answer. */
    TRUNCATED_BODY(0, null),
    /** Every worker busy and their queue (Camel's default profile: 1000) full: 503 with Retry-After. */
    WORKERS_BUSY(503, "Too many requests waiting"),
    /** The route did not answer within {@code answerTimeout}: 503 with Retry-After. */
    ANSWER_TIMEOUT(503, "No answer in time"),
    /** Received or waiting when the consumer stopped (after its grace): 503 with Retry-After. */
    SHUTTING_DOWN(503, "Shutting down");

    private final int status;
    private final String reason;

    Refusal(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /** The status answered; 0 when the connection is gone and nothing is answered. */
    public int status() {
        return status;
    }

    HttpAnswer answer(int retryAfterSeconds) {
        return status == 503 ? HttpAnswer.unavailable(retryAfterSeconds, reason) : HttpAnswer.error(status, reason);
    }
}
