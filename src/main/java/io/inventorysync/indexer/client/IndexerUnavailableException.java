package io.inventorysync.indexer.client;

import java.io.IOException;

/** No indexer host could take a request before its deadline: every host was down, unhealthy or failing. */
public class IndexerUnavailableException extends IOException {
    public IndexerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
