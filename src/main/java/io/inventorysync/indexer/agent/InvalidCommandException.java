package io.inventorysync.indexer.agent;

/** A JSON command the service cannot act on; the message says why, fit for a log line. */
public class InvalidCommandException extends Exception {
    public InvalidCommandException(String message) {
        super(message);
    }
}
