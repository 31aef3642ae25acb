package io.inventorysync.indexer.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.generic.OpenSearchClientException;
import org.opensearch.client.transport.TransportException;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * What a failed call of the official client means for the §8 policy: the host answered with an HTTP error, the
 * request may not have reached it (transport), the answer could not be read, or the calling thread was interrupted.
 *
 * <p>The client reports the same fact in several shapes: {@link ResponseException} for the statuses it does not
 * hand to the endpoint (everything but 2xx and 400/401/403/404/405), an {@link OpenSearchException} for the typed
 * endpoints' 4xx errors, a {@link TransportException} around a {@link ResponseException} for 401 and 403, and a
 * copy of every failure (same type, or a plain {@code IOException}/{@code RuntimeException}) whose cause is the
 * original, so the caller's stack shows. Deciding once here keeps the policy a few lines.
 */
sealed interface CallFailure {

    /** The host answered {@code status}; {@code body} is its text (for messages). */
    record Answer(int status, String body) implements CallFailure {
        boolean retryable() {
            return status == 429 || status >= 500;
        }
    }

    /** Connection, TLS, timeout: the request may not have reached the host; another host may take it. */
    record Transport(Throwable cause) implements CallFailure {}

    /** The host answered, but not with anything the request can use (not JSON, not the expected shape). */
    record Unreadable(Throwable cause) implements CallFailure {}

    /** The calling thread was interrupted while it waited for the answer (its flag is set again). */
    record Interrupted(Throwable cause) implements CallFailure {}

    static CallFailure of(Throwable failure) {
        boolean answerTrouble = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResponseException e) {
                return new Answer(e.status(), body(e));
            }
            if (t instanceof OpenSearchException e) {
                return new Answer(e.status(), e.getMessage());
            }
            if (t instanceof OpenSearchClientException e) {
                return new Answer(
                        e.status(),
                        e.response()
                                .getBody()
                                .map(b -> new String(b.bodyAsBytes(), StandardCharsets.UTF_8))
                                .orElse(""));
            }
            if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
                return new Interrupted(t);
            }
            // around a ResponseException (401, 403) it is an answer like the others: look further first
            answerTrouble |= t instanceof TransportException;
        }
        return answerTrouble || failure instanceof RuntimeException ? new Unreadable(failure) : new Transport(failure);
    }

    /**
     * The answer's body. {@link ResponseException}'s {@code Response} is package-private, so the body is read back
     * from the message the transport builds: the request line, an optional {@code Warnings:} line, then the body.
     */
    static String body(ResponseException e) {
        String message = Objects.requireNonNullElse(e.getMessage(), "");
        int line = message.indexOf('\n');
        String rest = line < 0 ? "" : message.substring(line + 1);
        if (rest.startsWith("Warnings: ")) {
            int next = rest.indexOf('\n');
            rest = next < 0 ? "" : rest.substring(next + 1);
        }
        return rest;
    }

    /** The exception and its root cause, e.g. "SSLHandshakeException: PKIX path building failed: ...". */
    static String describe(Throwable failure) {
        Throwable e = original(failure);
        String s = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !s.contains(root.getMessage())) {
            s += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return s;
    }

    /** Past the client's copies: the failure as the HTTP client or the JDK raised it. */
    private static Throwable original(Throwable e) {
        while (e.getCause() != null && isCopyOf(e, e.getCause())) {
            e = e.getCause();
        }
        return e;
    }

    private static boolean isCopyOf(Throwable copy, Throwable original) {
        boolean sameKind = copy.getClass() == original.getClass()
                || copy.getClass() == IOException.class
                || copy.getClass() == RuntimeException.class;
        String message = copy.getMessage();
        String originalMessage = original.getMessage();
        return sameKind
                && (message == null
                        ? originalMessage == null
                        : originalMessage != null && message.startsWith(originalMessage));
    }
}
