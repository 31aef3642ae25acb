package io.inventorysync.indexer;

import java.io.IOException;

/**
 * A host answered, but not with success, and retrying did not help (or could not: e.g. 400). Carries everything
 * the caller needs to log the failure once: the host, the request and the indexer's own reason.
 */
public class IndexerResponseException extends IOException {
    private final String host;
    private final int status;

    public IndexerResponseException(String host, int status, String message) {
        super(message);
        this.host = host;
        this.status = status;
    }

    /** The host that gave the last answer, {@code https://host:port}. */
    public String host() {
        return host;
    }

    /** The HTTP status of the last answer. */
    public int status() {
        return status;
    }
}
