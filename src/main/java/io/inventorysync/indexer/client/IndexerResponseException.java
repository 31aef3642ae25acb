package io.inventorysync.indexer.client;

import java.io.IOException;

/**
 * A host answered, but not with success, and retrying did not help (or could not: e.g. 400). Carries everything
 * the caller needs to log the failure once: the host, the request and the indexer's own reason.
 */
public class IndexerResponseException extends IOException {
    private final String host;
    private final int status;
    private final String answer;

    /**
     * @param answer  the indexer's own words (an excerpt of its answer, printable)
     * @param message the request, the host, the status and the answer, for logs
     */
    public IndexerResponseException(String host, int status, String answer, String message) {
        super(message);
        this.host = host;
        this.status = status;
        this.answer = answer;
    }

    /** The host that gave the last answer, {@code https://host:port}. */
    public String host() {
        return host;
    }

    /** The HTTP status of the last answer. */
    public int status() {
        return status;
    }

    /** An excerpt of the last answer, printable. */
    public String answer() {
        return answer;
    }

    /**
     * True when the indexer kept answering 429 or 5xx until the retries ran out: it could not take the request, as
     * when it is out of reach. Any other status is its final word on the request itself.
     */
    public boolean gaveUp() {
        return status == 429 || status >= 500;
    }
}
