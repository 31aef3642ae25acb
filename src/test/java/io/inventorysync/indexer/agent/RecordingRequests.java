package io.inventorysync.indexer.agent;

import io.inventorysync.indexer.BulkItem;
import io.inventorysync.indexer.BulkItemResult;
import io.inventorysync.indexer.IndexerRequests;
import io.inventorysync.indexer.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records every request's method and path, then passes it on (or answers it itself, for failure tests). */
final class RecordingRequests implements IndexerRequests {

    final List<String> requests = new ArrayList<>();
    private final IndexerRequests delegate;
    private final Function<String, Response> answer;

    RecordingRequests(IndexerRequests delegate) {
        this.delegate = delegate;
        this.answer = null;
    }

    /** Answers every request with {@code answer.apply(path)}, without an indexer. */
    RecordingRequests(Function<String, Response> answer) {
        this.delegate = null;
        this.answer = answer;
    }

    @Override
    public Response execute(String method, String path, byte[] jsonBody) throws IOException {
        requests.add(method + " " + path);
        return delegate == null ? answer.apply(path) : delegate.execute(method, path, jsonBody);
    }

    @Override
    public List<BulkItemResult> bulk(List<BulkItem> items) throws IOException {
        requests.add("BULK " + items.size());
        return delegate.bulk(items);
    }

    long count(String pathPart) {
        return requests.stream().filter(r -> r.contains(pathPart)).count();
    }
}
