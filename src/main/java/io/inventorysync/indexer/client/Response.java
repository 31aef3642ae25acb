package io.inventorysync.indexer.client;

import io.inventorysync.support.LogText;
import java.nio.charset.StandardCharsets;

/**
 * An indexer's HTTP answer, fully read: who answered, status and body bytes (JSON for every API this service calls).
 *
 * @param host   the host that answered, {@code https://host:port}, so failures can name it
 * @param status HTTP status code
 * @param body   the response body, empty when there was none
 */
public record Response(String host, int status, byte[] body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body cut to {@code max} characters, for log and error messages. */
    public String excerpt(int max) {
        // for log lines: an indexer's error can echo agent input (field names, values, ids), line breaks included
        return LogText.printable(bodyAsString().strip(), max);
    }
}
