package io.inventorysync.indexer.client;

import io.inventorysync.metrics.IndexerRequestMetrics;
import io.inventorysync.metrics.IndexerRequestMetrics.Kind;
import io.inventorysync.support.ConfigurationException;
import io.inventorysync.support.LogText;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch.cluster.HealthResponse;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Options;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS connection to the configured indexer hosts ({@link IndexerSettings}), over opensearch-java's
 * {@link ApacheHttpClient5Transport}: TLS 1.2/1.3 only, server chain verified against the configured CAs, host name
 * verified by {@link DefaultHostnameVerifier}, the client certificate presented (mutual TLS), optional basic auth.
 *
 * <p>One transport per host (each with its own connection pool and I/O reactor), each given that single host: which
 * host takes a request is the policy's choice
 * ({@link IndexerConnector}, with {@link IndexerHealth}), and a transport over several hosts would second-guess it
 * (it rotates over its own hosts, moves to the next one on a transport failure or a 502–504 at once, without
 * backoff, and keeps its own dead-host list without the reason). {@link #probe} and {@link #send} target one given
 * host; nothing here retries. Thread-safe.
 */
public final class IndexerClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerClient.class);
    private static final int EXCERPT = 200;

    private final List<String> hosts;
    private final Map<String, ApacheHttpClient5Transport> transports = new LinkedHashMap<>();
    private final ApacheHttpClient5Options probeOptions;
    private final JacksonJsonpMapper mapper = new JacksonJsonpMapper();
    private final IndexerRequestMetrics metrics;

    private IndexerClient(Builder b) {
        this.hosts = b.settings.hosts();
        this.metrics = b.metrics;
        SSLContext ssl = b.settings.sslContext();
        String[] protocols = b.settings.tlsProtocols().toArray(new String[0]);
        if (!b.verifyHostname) {
            LOG.warn(
                    "*** INDEXER HOST NAME VERIFICATION IS DISABLED (inventory.indexer.verify-hostname=false): any"
                            + " certificate signed by the configured CAs is accepted for any of {}; anyone holding such a"
                            + " certificate can impersonate the indexer. Use only for testing. ***",
                    hosts);
        }
        Header[] headers = b.user == null
                ? new Header[0]
                : new Header[] {
                    new BasicHeader(
                            HttpHeaders.AUTHORIZATION,
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString(
                                                    (b.user + ":" + b.password).getBytes(StandardCharsets.UTF_8)))
                };
        try {
            for (String host : hosts) {
                transports.put(
                        host,
                        ApacheHttpClient5TransportBuilder.builder(target(host))
                                .setMapper(mapper)
                                .setDefaultHeaders(headers)
                                .setRequestConfigCallback(
                                        request -> request.setResponseTimeout(Timeout.of(b.responseTimeout))
                                                .setConnectionRequestTimeout(Timeout.of(b.responseTimeout)))
                                .setHttpClientConfigCallback(http -> http.setConnectionManager(pool(b, ssl, protocols))
                                        .disableRedirectHandling()
                                        .disableCookieManagement())
                                .build());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        ApacheHttpClient5Options defaults =
                (ApacheHttpClient5Options) transports.values().iterator().next().options();
        this.probeOptions = defaults.toBuilder()
                .setRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(b.probeTimeout))
                        .setConnectionRequestTimeout(Timeout.of(b.probeTimeout))
                        .build())
                .build();
    }

    /** TLS through the connection manager: the transport's own uses the JDK's default trust store. */
    private static PoolingAsyncClientConnectionManager pool(Builder b, SSLContext ssl, String[] protocols) {
        return PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(ssl)
                        .setTlsVersions(protocols)
                        // CLIENT: DefaultHostnameVerifier checks the SAN (not the JSSE built-in), one clear message
                        .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                        .setHostnameVerifier(
                                b.verifyHostname ? new DefaultHostnameVerifier() : NoopHostnameVerifier.INSTANCE)
                        .buildAsync())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setSupportedProtocols(protocols)
                        .setHandshakeTimeout(Timeout.of(b.connectTimeout))
                        // HTTP/1.1 as before: one request per connection at a time, Content-Length bodies
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(b.connectTimeout))
                        .setSocketTimeout(Timeout.of(b.responseTimeout))
                        .build())
                .setDnsResolver(b.dnsResolver)
                .setMaxConnTotal(b.maxConnections)
                .setMaxConnPerRoute(b.maxConnections)
                .build();
    }

    private static HttpHost target(String host) {
        try {
            return HttpHost.create(host);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ConfigurationException("indexer host '" + host + "' is not a URL: " + e.getMessage(), e);
        }
    }

    /** A client with the defaults: 5 s connect, 60 s response, 5 s probe, no basic auth, host names verified. */
    public static IndexerClient create(IndexerSettings settings) {
        return builder(settings).build();
    }

    public static Builder builder(IndexerSettings settings) {
        return new Builder(settings);
    }

    /** The configured hosts, {@code https://host:port}, in configuration order. */
    public List<String> hosts() {
        return hosts;
    }

    /** The JSON mapper every host's transport uses. */
    JsonpMapper mapper() {
        return mapper;
    }

    /** The transports' default options (user agent, headers, basic auth). */
    TransportOptions options() {
        return transports.values().iterator().next().options();
    }

    /** The official client's transport to {@code host} alone: requests sent through it go nowhere else. */
    OpenSearchTransport transport(String host) {
        ApacheHttpClient5Transport transport = transports.get(host);
        if (transport == null) {
            throw new IllegalArgumentException("not a configured indexer host: " + host);
        }
        return transport;
    }

    /**
     * {@code GET /_cluster/health} on {@code host}, bounded by the probe timeout. Never throws: any failure is an
     * unusable {@link HostHealth} carrying the reason.
     */
    public HostHealth probe(String host) {
        HealthResponse health;
        long sent = System.nanoTime();
        try {
            health = new OpenSearchClient(transport(host), probeOptions)
                    .cluster()
                    .health();
            metrics.request(Kind.HEALTH, 200, System.nanoTime() - sent);
        } catch (IOException | RuntimeException e) {
            CallFailure failure = CallFailure.of(e);
            metrics.request(
                    Kind.HEALTH,
                    failure instanceof CallFailure.Answer answer ? answer.status() : 0,
                    System.nanoTime() - sent);
            if (failure instanceof CallFailure.Answer answer) {
                return HostHealth.unusable(
                        host,
                        null,
                        "HTTP " + answer.status() + ": "
                                + LogText.printable(answer.body().strip(), EXCERPT));
            }
            if (failure instanceof CallFailure.Unreadable) {
                return HostHealth.unusable(host, null, "unreadable health answer: " + CallFailure.describe(e));
            }
            return HostHealth.unusable(host, null, CallFailure.describe(e));
        }
        String status = health.status().jsonValue();
        if (health.status() == HealthStatus.Green || health.status() == HealthStatus.Yellow) {
            return HostHealth.usable(host, status);
        }
        return HostHealth.unusable(host, status, "cluster status " + status);
    }

    /**
     * One request to {@code host} through the client's generic API; the answer is read whole, whatever its status.
     *
     * @param method HTTP method ({@code GET}, {@code POST}, {@code PUT}, {@code DELETE}...)
     * @param path   path and query, starting with {@code /} (e.g. {@code /_bulk?refresh=false})
     * @param body   request body with its content type (e.g. NDJSON for {@code _bulk}), or null
     * @throws IOException on a transport failure (connection, TLS, timeout): the request may not have been sent
     */
    public Response send(String host, String method, String path, Body body) throws IOException {
        try {
            return execute(host, method, path, body);
        } catch (IOException | RuntimeException e) {
            if (CallFailure.of(e) instanceof CallFailure.Answer answer) {
                return new Response(host, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
            }
            throw e;
        }
    }

    /**
     * As {@link #send}, but most error statuses come as the client raises them (see {@link CallFailure}): the answer
     * of a 2xx, 400, 404 or 405 is returned.
     */
    Response execute(String host, String method, String path, Body body) throws IOException {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        int query = path.indexOf('?');
        Requests.JsonBodyBuilder request = Requests.builder()
                .method(method)
                .endpoint(query < 0 ? path : path.substring(0, query))
                .query(query < 0 ? Map.of() : parameters(path.substring(query + 1)));
        if (body != null) {
            request.body(body);
        }
        LOG.debug("{} {}", method, path);
        try (var r = new OpenSearchGenericClient(transport(host)).execute(request.build())) {
            return new Response(
                    host, r.getStatus(), r.getBody().map(Body::bodyAsBytes).orElse(new byte[0]));
        }
    }

    /** {@code a=1&b=2} as the generic API takes it (the service's own paths: no repeated or encoded names). */
    private static Map<String, String> parameters(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (ApacheHttpClient5Transport transport : transports.values()) {
            try {
                transport.close();
            } catch (IOException e) {
                LOG.debug("closing the indexer transport: {}", e.toString());
            }
        }
    }

    /** Settings of an {@link IndexerClient}; everything but the hosts and their TLS material is optional. */
    public static final class Builder {
        private final IndexerSettings settings;
        private String user;
        private String password;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private Duration probeTimeout = Duration.ofSeconds(5);
        private int maxConnections = 10;
        private DnsResolver dnsResolver;
        private boolean verifyHostname = true;
        private IndexerRequestMetrics metrics = IndexerRequestMetrics.NONE;

        private Builder(IndexerSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Basic auth sent with every request (from properties/environment, never from ossec.conf). */
        public Builder basicAuth(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = password == null ? "" : password;
            return this;
        }

        /** Told of every health probe (kind {@code health}); default: nothing recorded. */
        public Builder metrics(IndexerRequestMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** TCP connect and TLS handshake timeout; default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Longest wait for response data of {@link #send}; default 60 s (a large {@code _bulk} takes time). */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Longest wait for a {@link #probe} answer; default 5 s. */
        public Builder probeTimeout(Duration timeout) {
            this.probeTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Pooled connections per host; default 10. */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /** Name resolution (default: the system's). Tests use it to reach a node under a name its SAN lacks. */
        public Builder dnsResolver(DnsResolver resolver) {
            this.dnsResolver = resolver;
            return this;
        }

        /**
         * Whether the indexer certificate must name the host (default true). Disabling it logs a loud WARN: the
         * chain is still verified against the configured CAs, but any of their certificates passes for any host.
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        public IndexerClient build() {
            return new IndexerClient(this);
        }
    }
}
