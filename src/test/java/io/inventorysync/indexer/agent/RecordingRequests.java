package io.inventorysync.indexer.agent;

import io.inventorysync.indexer.client.BulkItem;
import io.inventorysync.indexer.client.BulkItemResult;
import io.inventorysync.indexer.client.IndexerConnector;
import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.IndexerResponseException;
import io.inventorysync.indexer.client.Response;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.Endpoint;
import org.opensearch.client.transport.JsonEndpoint;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.TransportOptions;

/**
 * Records every request's method, path and parameters ({@link IndexerConnector#requestLine}) and its JSON body,
 * then passes it on (or answers it itself, for failure tests).
 */
final class RecordingRequests implements IndexerRequests {

    final List<String> requests = new ArrayList<>();
    private final IndexerRequests delegate;
    private final Function<String, Response> answer;
    private final JsonpMapper mapper = new JacksonJsonpMapper();

    RecordingRequests(IndexerRequests delegate) {
        this.delegate = delegate;
        this.answer = null;
    }

    /**
     * Answers every request with {@code answer.apply(requestLine)}, without an indexer: a 2xx body is read as the
     * request's typed answer, any other status fails the request as the connector does.
     */
    RecordingRequests(Function<String, Response> answer) {
        this.delegate = null;
        this.answer = answer;
    }

    @Override
    public OpenSearchClient client() {
        return new OpenSearchClient(new Recording());
    }

    @Override
    public List<BulkItemResult> bulk(List<BulkItem> items) throws IOException {
        requests.add("BULK " + items.size());
        return delegate.bulk(items);
    }

    long count(String pathPart) {
        return requests.stream().filter(r -> r.contains(pathPart)).count();
    }

    /** With the transport's mapper: the script parameters are Jackson trees. */
    private String json(JsonpSerializable body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
            body.serialize(generator, mapper);
        }
        return out.toString();
    }

    private final class Recording implements OpenSearchTransport {
        @Override
        @SuppressWarnings("unchecked")
        public <RequestT, ResponseT, ErrorT> ResponseT performRequest(
                RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options)
                throws IOException {
            String line = IndexerConnector.requestLine(request, endpoint);
            // the typed requests carry some options in the body (update-by-query's conflicts): recorded too
            requests.add(
                    endpoint.hasRequestBody() && request instanceof JsonpSerializable body
                            ? line + " " + json(body)
                            : line);
            if (delegate != null) {
                return delegate.client()._transport().performRequest(request, endpoint, options);
            }
            Response r = answer.apply(line);
            if (!r.isSuccess()) {
                throw new IndexerResponseException(
                        r.host(),
                        r.status(),
                        r.excerpt(300),
                        line + " answered by " + r.host() + " with HTTP " + r.status() + ": " + r.excerpt(300));
            }
            JsonEndpoint<RequestT, ResponseT, ErrorT> json = (JsonEndpoint<RequestT, ResponseT, ErrorT>) endpoint;
            try (JsonParser parser = mapper.jsonProvider().createParser(new ByteArrayInputStream(r.body()))) {
                return json.responseDeserializer().deserialize(parser, mapper);
            }
        }

        @Override
        public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(
                RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonpMapper jsonpMapper() {
            return mapper;
        }

        @Override
        public TransportOptions options() {
            return null;
        }

        @Override
        public void close() {}
    }
}
