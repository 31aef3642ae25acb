package io.inventorysync.indexer.client;

import io.inventorysync.metrics.IndexerRequestMetrics;
import io.inventorysync.metrics.IndexerRequestMetrics.Kind;
import io.inventorysync.support.LogText;
import io.inventorysync.support.Ticker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.transport.Endpoint;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.TransportOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer cluster as one reliable endpoint (behaviour.md §8), over {@link IndexerClient} and
 * {@link IndexerHealth}:
 * <ul>
 *   <li>requests go round-robin over the usable hosts;</li>
 *   <li>a transport failure (refused, reset, TLS, timeout) takes the host out of the rotation until a probe finds
 *       it healthy again, and the same request goes to the next usable host at once;</li>
 *   <li>while no host is usable the request waits, re-probing every {@link RetryPolicy#unavailableProbeInterval()}
 *       (one round shared by all waiting threads), until the deadline: then {@link IndexerUnavailableException};</li>
 *   <li>429 and 5xx are retried with jittered exponential backoff, bounded by attempts and the same deadline:
 *       then {@link IndexerResponseException};</li>
 *   <li>a {@code _bulk} answered 413 is split in two halves, each sent on its own (recursively); a single item
 *       still refused becomes a 413 item result naming its id.</li>
 * </ul>
 * Every failure that leaves this class names the host, the request (index/id for bulk items) and the indexer's
 * reason, and is not logged here above DEBUG: the caller logs it once, with its session and agent.
 *
 * <p>Typed requests ({@link #client()}) run through an {@link OpenSearchTransport} of this class that applies these
 * rules and hands each attempt to one host's own transport. The {@code _bulk} body stays raw NDJSON through the
 * client's generic API: the typed {@code BulkRequest} would hold every operation as objects and serialise each
 * document again, where the items are already bytes built by Jackson. Its answer is read by {@link BulkResponses}
 * (see there why).
 *
 * <p><b>Blocking.</b> A call may take up to the retry deadline plus one response timeout. It must only be called
 * from the dedicated indexer threads ({@code inventory.indexer.threads}), never from the router's I/O threads.
 * Thread-safe. Time is read and slept on only through its {@link Ticker}: deadlines, backoff, waiting for a host.
 */
public final class IndexerConnector implements IndexerRequests {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerConnector.class);
    private static final int EXCERPT = 300;

    private final IndexerClient client;
    private final IndexerHealth health;
    private final RetryPolicy policy;
    private final IndexerRequestMetrics metrics;
    private final Ticker ticker;
    private final AtomicLong next = new AtomicLong(); // round-robin position over the usable hosts

    public IndexerConnector(IndexerClient client, IndexerHealth health, RetryPolicy policy) {
        this(client, health, policy, IndexerRequestMetrics.NONE);
    }

    /** @param metrics told of every send to a host and of every retry, failover and split */
    public IndexerConnector(
            IndexerClient client, IndexerHealth health, RetryPolicy policy, IndexerRequestMetrics metrics) {
        this(client, health, policy, metrics, Ticker.SYSTEM);
    }

    /**
     * @param ticker the clock of deadlines (also those given to {@link #until}, so {@link System#nanoTime()} in
     *     service), of backoff and of waiting for a host, and the sleep of those waits; a fake one in tests
     */
    public IndexerConnector(
            IndexerClient client,
            IndexerHealth health,
            RetryPolicy policy,
            IndexerRequestMetrics metrics,
            Ticker ticker) {
        this.client = Objects.requireNonNull(client, "client");
        this.health = Objects.requireNonNull(health, "health");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public OpenSearchClient client() {
        return new OpenSearchClient(new Cluster(OptionalLong.empty()));
    }

    /**
     * One raw request with a JSON body (or none), for what has no typed request here (tests, tools): the answer of
     * the host that answered ({@link Response#host()}). 429 and 5xx answers are retried; when they persist past the
     * attempts or the deadline, an {@link IndexerResponseException} carries the last one. Any other status is
     * returned as is.
     *
     * @param path path and query, starting with {@code /}
     * @throws IndexerUnavailableException when no host could be reached before the deadline
     */
    public Response execute(String method, String path, byte[] jsonBody) throws IOException {
        return execute(method, path, jsonBody, deadline());
    }

    private Response execute(String method, String path, byte[] jsonBody, long deadline) throws IOException {
        Body body = jsonBody == null ? null : Body.from(jsonBody, "application/json");
        return send(
                Kind.of(path),
                method + " " + path,
                deadline,
                host -> client.execute(host, method, path, body),
                Response::new);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sent to {@code /_bulk} (no refresh) as {@code application/x-ndjson}, written from the items' own arrays.
     * One deadline covers the whole call, splits included. A non-413 failure of the request as a whole (after
     * retries) is an {@link IndexerResponseException} naming the host and the first and last item.
     */
    @Override
    public List<BulkItemResult> bulk(List<BulkItem> items) throws IOException {
        return bulk(items, deadline());
    }

    private List<BulkItemResult> bulk(List<BulkItem> items, long deadline) throws IOException {
        List<BulkItemResult> out = new ArrayList<>(items.size());
        if (!items.isEmpty()) {
            bulk(items, deadline, out);
        }
        return out;
    }

    @Override
    public IndexerRequests until(long deadlineNanos) {
        return new IndexerRequests() {
            @Override
            public OpenSearchClient client() {
                return new OpenSearchClient(new Cluster(OptionalLong.of(deadlineNanos)));
            }

            @Override
            public List<BulkItemResult> bulk(List<BulkItem> items) throws IOException {
                return IndexerConnector.this.bulk(items, deadlineNanos);
            }
        };
    }

    private void bulk(List<BulkItem> items, long deadline, List<BulkItemResult> out) throws IOException {
        String what = describe(items);
        Response r = send(
                Kind.BULK,
                what,
                deadline,
                host -> client.execute(host, "POST", "/_bulk", new BulkBody(items)),
                Response::new);
        if (r.status() == 413) {
            if (items.size() == 1) {
                out.add(tooLarge(items.get(0), r));
                return;
            }
            // only this chunk is re-sent, in two halves; results stay in item order because the halves go in order
            metrics.bulkSplit();
            int half = items.size() / 2;
            LOG.debug("{} ({} bytes) too large for {}: splitting in two", what, BulkBody.size(items), r.host());
            bulk(items.subList(0, half), deadline, out);
            bulk(items.subList(half, items.size()), deadline, out);
            return;
        }
        if (!r.isSuccess()) {
            throw new IndexerResponseException(
                    r.host(),
                    r.status(),
                    r.excerpt(EXCERPT),
                    what + " refused by " + r.host() + ": HTTP " + r.status() + ": " + r.excerpt(EXCERPT));
        }
        out.addAll(BulkResponses.parse(r.host(), r.body(), items));
    }

    private static BulkItemResult tooLarge(BulkItem item, Response r) {
        return new BulkItemResult(
                BulkResponses.action(item),
                item.index(),
                item.id(),
                413,
                "request_entity_too_large",
                "document " + item.id() + " of index " + item.index() + " ("
                        + item.lines().length + " bytes) alone is too large for " + r.host() + ": HTTP 413: "
                        + r.excerpt(EXCERPT));
    }

    /**
     * {@code POST /a,b/_refresh?allow_no_indices=true}: a typed request as the indexer receives it (path decoded,
     * parameters by name), for messages and logs.
     */
    public static <RequestT> String requestLine(RequestT request, Endpoint<RequestT, ?, ?> endpoint) {
        StringBuilder line = new StringBuilder(endpoint.method(request))
                .append(' ')
                .append(URLDecoder.decode(endpoint.requestUrl(request), StandardCharsets.UTF_8));
        char separator = '?';
        for (Map.Entry<String, String> parameter : new TreeMap<>(endpoint.queryParameters(request)).entrySet()) {
            line.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
            separator = '&';
        }
        return line.toString();
    }

    /**
     * The official client's transport over the cluster: each typed request goes through {@link #send} to one
     * host's own transport. With a fixed deadline ({@link #until}) or one per request.
     */
    private final class Cluster implements OpenSearchTransport {
        private final OptionalLong deadline;

        Cluster(OptionalLong deadline) {
            this.deadline = deadline;
        }

        @Override
        public <RequestT, ResponseT, ErrorT> ResponseT performRequest(
                RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options)
                throws IOException {
            String what = requestLine(request, endpoint);
            return send(
                    Kind.of(endpoint.requestUrl(request)),
                    what,
                    deadline.isPresent() ? deadline.getAsLong() : deadline(),
                    host -> client.transport(host).performRequest(request, endpoint, options),
                    (host, status, body) -> {
                        String answer = LogText.printable(new String(body, StandardCharsets.UTF_8).strip(), EXCERPT);
                        throw new IndexerResponseException(
                                host,
                                status,
                                answer,
                                what + " answered by " + host + " with HTTP " + status + ": " + answer);
                    });
        }

        @Override
        public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(
                RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(
                    "indexer requests block (retries, failover): call them synchronously on an indexer thread"));
        }

        @Override
        public JsonpMapper jsonpMapper() {
            return client.mapper();
        }

        @Override
        public TransportOptions options() {
            return client.options();
        }

        @Override
        public void close() {
            // the hosts' transports belong to the IndexerClient
        }
    }

    /**
     * One request until it gets a final answer: failover on transport failures, backoff on 429/5xx. An answer with
     * another error status is final: {@code onAnswer} makes the result of it (or throws).
     */
    private <T> T send(Kind kind, String what, long deadline, HostCall<T> call, AnswerHandler<T> onAnswer)
            throws IOException {
        int retryable = 0;
        String lastFailure = null;
        while (true) {
            String host = awaitHost(deadline, what, lastFailure);
            CallFailure failure;
            long sent = ticker.nanoTime();
            try {
                T result = call.on(host);
                // a final error answer comes back as a result too (Response) or as an Answer failure below
                metrics.request(kind, result instanceof Response r ? r.status() : 200, ticker.nanoTime() - sent);
                return result;
            } catch (IOException | RuntimeException e) {
                failure = CallFailure.of(e);
                metrics.request(
                        kind,
                        failure instanceof CallFailure.Answer answer ? answer.status() : 0,
                        ticker.nanoTime() - sent);
                if (failure instanceof CallFailure.Interrupted) {
                    throw interrupted(what);
                }
                if (failure instanceof CallFailure.Unreadable) {
                    throw new IOException(what + ": unreadable answer of " + host + ": " + CallFailure.describe(e), e);
                }
                if (failure instanceof CallFailure.Transport) {
                    String reason = CallFailure.describe(e);
                    lastFailure = host + ": " + reason;
                    LOG.debug("{} failed on {}, moving to the next usable host: {}", what, host, reason);
                    health.markUnusable(host, reason);
                    metrics.failover(kind);
                    continue;
                }
            }
            CallFailure.Answer answer = (CallFailure.Answer) failure;
            if (!answer.retryable()) {
                return onAnswer.of(host, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
            }
            retryable++;
            String excerpt = LogText.printable(answer.body().strip(), EXCERPT);
            String failed = what + " answered by " + host + " with HTTP " + answer.status() + ": " + excerpt;
            if (retryable >= policy.attempts()) {
                throw new IndexerResponseException(
                        host, answer.status(), excerpt, failed + " (gave up after " + retryable + " attempts)");
            }
            Duration wait = policy.backoff(retryable);
            if (ticker.nanoTime() + wait.toNanos() - deadline > 0) {
                throw new IndexerResponseException(
                        host,
                        answer.status(),
                        excerpt,
                        failed + " (gave up after " + retryable + " attempts: the retry deadline of "
                                + human(policy.deadline()) + " would pass)");
            }
            LOG.debug("{}; retry {} in {} ms", failed, retryable, wait.toMillis());
            metrics.retry(kind);
            sleep(wait.toNanos(), what);
        }
    }

    /** One attempt on one host. */
    @FunctionalInterface
    private interface HostCall<T> {
        T on(String host) throws IOException;
    }

    /** The result of a final error answer (not 2xx, not retryable), or the exception that reports it. */
    @FunctionalInterface
    private interface AnswerHandler<T> {
        T of(String host, int status, byte[] body) throws IOException;
    }

    /**
     * A usable host, round-robin; while there is none, waits for one (coalesced re-probes) until the deadline.
     * After a transport failure the deadline also stops further attempts on hosts still marked usable.
     */
    private String awaitHost(long deadline, String what, String lastFailure) throws IOException {
        while (true) {
            long remaining = deadline - ticker.nanoTime();
            List<String> usable = health.usableHosts();
            if (!usable.isEmpty() && (lastFailure == null || remaining > 0)) {
                return usable.get((int) Math.floorMod(next.getAndIncrement(), (long) usable.size()));
            }
            if (remaining <= 0) {
                throw new IndexerUnavailableException(
                        what + ": no indexer host could take it within "
                                + human(policy.deadline())
                                + (lastFailure == null ? "" : "; last failure: " + lastFailure)
                                + "; hosts: " + states(),
                        null);
            }
            if (health.probeIfStale(policy.unavailableProbeInterval())
                    && !health.usableHosts().isEmpty()) {
                continue;
            }
            sleep(Math.min(policy.unavailableProbeInterval().toNanos(), remaining), what);
        }
    }

    private String states() {
        List<HostHealth> states = health.states();
        return states.isEmpty()
                ? "none probed yet"
                : states.stream().map(HostHealth::describe).collect(Collectors.joining("; "));
    }

    /** {@code 60 s} or {@code 500 ms}, for messages operators read. */
    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private long deadline() {
        return ticker.nanoTime() + policy.deadline().toNanos();
    }

    private void sleep(long nanos, String what) throws InterruptedIOException {
        try {
            ticker.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(what);
        }
    }

    private static InterruptedIOException interrupted(String what) {
        return new InterruptedIOException(what + ": interrupted while waiting for the indexer");
    }

    /** {@code _bulk of 3 items (idx/a .. idx/c)}: enough to find the documents in logs. */
    private static String describe(List<BulkItem> items) {
        if (items.size() == 1) {
            return "_bulk of 1 item (" + BulkResponses.describe(items.get(0)) + ")";
        }
        return "_bulk of " + items.size() + " items (" + BulkResponses.describe(items.get(0)) + " .. "
                + BulkResponses.describe(items.get(items.size() - 1)) + ")";
    }
}
