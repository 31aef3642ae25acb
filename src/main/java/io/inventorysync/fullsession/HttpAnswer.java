package io.inventorysync.fullsession;

/**
 * What a FullSession request is answered (fullsession-protocol.md §3): a status and a JSON body; the head is always
 * {@code Content-Type: application/json}, {@code Content-Length}, {@code Connection: close}, plus
 * {@code Retry-After} on a 503 that carries one.
 *
 * @param status            the HTTP status (200-599)
 * @param json              the body, written as UTF-8
 * @param retryAfterSeconds {@code Retry-After} of a 503; 0: none (and always 0 on other statuses)
 */
public record HttpAnswer(int status, String json, int retryAfterSeconds) {

    private static final HttpAnswer OK = new HttpAnswer(200, "{\"status\":\"ok\"}", 0);
    private static final HttpAnswer NOOP = new HttpAnswer(200, "{\"status\":\"ok\",\"noop\":true}", 0);
    private static final HttpAnswer CHECKSUM_MISMATCH = new HttpAnswer(409, "{\"status\":\"checksum_mismatch\"}", 0);

    public HttpAnswer {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " is not a final answer");
        }
        if (json == null) {
            throw new IllegalArgumentException("an answer needs a JSON body");
        }
        if (retryAfterSeconds < 0 || retryAfterSeconds > 0 && status != 503) {
            throw new IllegalArgumentException("Retry-After " + retryAfterSeconds + " is only for a 503");
        }
    }

    /** 200 {@code {"status":"ok"}}: every request of the session was accepted by the indexer. */
    public static HttpAnswer ok() {
        return OK;
    }

    /** 200 {@code {"status":"ok","noop":true}}: nothing to index. */
    public static HttpAnswer noop() {
        return NOOP;
    }

    /** 409 {@code {"status":"checksum_mismatch"}}. */
    public static HttpAnswer checksumMismatch() {
        return CHECKSUM_MISMATCH;
    }

    /** {@code {"error":"<reason>","code":<code>}}, the reason JSON-escaped. */
    public static HttpAnswer error(int code, String reason) {
        return new HttpAnswer(code, errorJson(code, reason), 0);
    }

    /** 503 {@code {"error":"<reason>","code":503}} with {@code Retry-After: <retryAfter>} (0: without). */
    public static HttpAnswer unavailable(int retryAfter, String reason) {
        return new HttpAnswer(503, errorJson(503, reason), retryAfter);
    }

    private static String errorJson(int code, String reason) {
        StringBuilder out = new StringBuilder(reason.length() + 32).append("{\"error\":\"");
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // the other control characters, and the two JavaScript line separators some parsers choke on
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append("\",\"code\":").append(code).append('}').toString();
    }
}
