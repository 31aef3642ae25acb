package io.inventorysync.store;

import org.apache.camel.RuntimeCamelException;

/** A failure of the RocksDB store; the message names the store (and the key, when there is one). */
public class RocksDBStoreException extends RuntimeCamelException {

    private static final long serialVersionUID = 1L;

    public RocksDBStoreException(String message) {
        super(message);
    }

    public RocksDBStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
