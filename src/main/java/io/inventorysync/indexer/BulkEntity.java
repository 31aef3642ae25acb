package io.inventorysync.indexer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A {@code _bulk} body written straight from the items' own byte arrays, one after the other: no copy of the whole
 * body is ever made, and a 413 split or a retry just builds another entity over (a part of) the same items.
 * Repeatable, with a known length (so it is sent with {@code Content-Length}, never chunked).
 */
final class BulkEntity extends AbstractHttpEntity {
    static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final List<BulkItem> items;
    private final long length;

    BulkEntity(List<BulkItem> items) {
        super(NDJSON, null);
        this.items = items;
        this.length = size(items);
    }

    /** Bytes of {@code items} as one body. */
    static long size(List<BulkItem> items) {
        long n = 0;
        for (BulkItem item : items) {
            n += item.lines().length;
        }
        return n;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public InputStream getContent() {
        return new SequenceInputStream(Collections.enumeration(items.stream()
                .map(i -> (InputStream) new ByteArrayInputStream(i.lines()))
                .toList()));
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (BulkItem item : items) {
            out.write(item.lines());
        }
        out.flush();
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public boolean isStreaming() {
        return false;
    }

    @Override
    public void close() {
        // nothing held: the items belong to the caller
    }
}
