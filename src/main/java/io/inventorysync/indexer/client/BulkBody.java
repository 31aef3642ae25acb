package io.inventorysync.indexer.client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import org.opensearch.client.opensearch.generic.Body;

/**
 * A {@code _bulk} body for the client's generic API, read straight from the items' own byte arrays, one after the
 * other. Repeatable: every {@link #body()} starts again, so a retry or a 413 split just builds another body over (a
 * part of) the same items.
 *
 * <p>The client's transport (opensearch-java 3.9.0) still serialises every request body into a byte array before it
 * sends it, so one bulk costs two transient copies of its chunk (at most {@code indexer.bulk-max-bytes} each) besides
 * the items themselves. The session's payload as a whole never is in memory: chunks are built one at a time.
 */
final class BulkBody implements Body {
    static final String NDJSON = "application/x-ndjson";

    private final List<BulkItem> items;

    BulkBody(List<BulkItem> items) {
        this.items = items;
    }

    /** Bytes of {@code items} as one body. */
    static long size(List<BulkItem> items) {
        long n = 0;
        for (BulkItem item : items) {
            n += item.lines().length;
        }
        return n;
    }

    long length() {
        return size(items);
    }

    @Override
    public String contentType() {
        return NDJSON;
    }

    @Override
    public InputStream body() {
        return new SequenceInputStream(Collections.enumeration(items.stream()
                .map(i -> (InputStream) new ByteArrayInputStream(i.lines()))
                .toList()));
    }

    @Override
    public void close() {
        // nothing held: the items belong to the caller
    }
}
