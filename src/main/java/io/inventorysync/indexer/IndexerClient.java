package io.inventorysync.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.config.OssecConf;
import io.inventorysync.tls.TlsMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS connection to the indexer hosts of ossec.conf: one pooled Apache httpclient5 client, TLS 1.2/1.3 only,
 * server chain verified against the configured CAs, host name verified by {@link DefaultHostnameVerifier}, the
 * client certificate presented (mutual TLS), optional basic auth.
 *
 * <p>It knows nothing of round-robin or retries: {@link #probe} and {@link #send} target one given host; choosing
 * hosts is the caller's job ({@link IndexerHealth} tells which are usable). Thread-safe.
 */
public final class IndexerClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 200;

    private final List<String> hosts;
    private final CloseableHttpClient http;
    private final String authorization;
    private final RequestConfig probeConfig;

    private IndexerClient(Builder b) {
        this.hosts = b.conf.hosts();
        this.authorization = b.user == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((b.user + ":" + b.password).getBytes(StandardCharsets.UTF_8));
        SSLContext ssl = TlsMaterial.sslContext(
                b.conf.certificateAuthorities(), b.conf.certificate(), b.conf.key(), b.keyPassword);
        if (!b.verifyHostname) {
            LOG.warn(
                    "*** INDEXER HOST NAME VERIFICATION IS DISABLED (inventory.indexer.verify-hostname=false): any"
                            + " certificate signed by the configured CAs is accepted for any of {}; anyone holding such a"
                            + " certificate can impersonate the indexer. Use only for testing. ***",
                    hosts);
        }
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(ssl)
                        .setTlsVersions(TlsMaterial.protocols())
                        // CLIENT: DefaultHostnameVerifier checks the SAN (not the JSSE built-in), one clear message
                        .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                        .setHostnameVerifier(
                                b.verifyHostname ? new DefaultHostnameVerifier() : NoopHostnameVerifier.INSTANCE)
                        .buildClassic())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setSupportedProtocols(TlsMaterial.protocols())
                        .setHandshakeTimeout(Timeout.of(b.connectTimeout))
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(b.connectTimeout))
                        .setSocketTimeout(Timeout.of(b.responseTimeout))
                        .build())
                .setDnsResolver(b.dnsResolver)
                .setMaxConnTotal(b.maxConnections)
                .setMaxConnPerRoute(b.maxConnections)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(b.responseTimeout))
                        .setConnectionRequestTimeout(Timeout.of(b.responseTimeout))
                        .build())
                .disableAutomaticRetries() // retries and host failover are decided above, per the spec's rules
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        this.probeConfig = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(b.probeTimeout))
                .setConnectionRequestTimeout(Timeout.of(b.probeTimeout))
                .build();
    }

    /** A client with the defaults: 5 s connect, 60 s response, 5 s probe, no basic auth, host names verified. */
    public static IndexerClient create(OssecConf conf) {
        return builder(conf).build();
    }

    public static Builder builder(OssecConf conf) {
        return new Builder(conf);
    }

    /** The configured hosts, {@code https://host:port}, in ossec.conf order. */
    public List<String> hosts() {
        return hosts;
    }

    /**
     * {@code GET /_cluster/health} on {@code host}, bounded by the probe timeout. Never throws: any failure is an
     * unusable {@link HostHealth} carrying the reason.
     */
    public HostHealth probe(String host) {
        Response r;
        try {
            r = execute(host, ClassicRequestBuilder.get(url(host, "/_cluster/health")), probeConfig);
        } catch (IOException | RuntimeException e) {
            return HostHealth.unusable(host, null, describe(e));
        }
        if (!r.isSuccess()) {
            return HostHealth.unusable(host, null, "HTTP " + r.status() + ": " + r.excerpt(EXCERPT));
        }
        String status;
        try {
            JsonNode node = JSON.readTree(r.body());
            status = node == null ? null : node.path("status").asText(null);
        } catch (IOException e) {
            return HostHealth.unusable(host, null, "unreadable health answer: " + r.excerpt(EXCERPT));
        }
        if ("green".equals(status) || "yellow".equals(status)) {
            return HostHealth.usable(host, status);
        }
        return HostHealth.unusable(
                host,
                status,
                status == null ? "health answer without status: " + r.excerpt(EXCERPT) : "cluster status " + status);
    }

    /**
     * One request to {@code host}; the answer is read whole, whatever its status.
     *
     * @param method HTTP method ({@code GET}, {@code POST}, {@code PUT}, {@code DELETE}...)
     * @param path   path and query, starting with {@code /} (e.g. {@code /_bulk?refresh=false})
     * @param body   request body with its content type (e.g. NDJSON for {@code _bulk}), or null
     * @throws IOException on a transport failure (connection, TLS, timeout): the request may not have been sent
     */
    public Response send(String host, String method, String path, HttpEntity body) throws IOException {
        ClassicRequestBuilder request = ClassicRequestBuilder.create(method).setUri(url(host, path));
        if (body != null) {
            request.setEntity(body);
        }
        return execute(host, request, null);
    }

    private Response execute(String host, ClassicRequestBuilder request, RequestConfig config) throws IOException {
        if (authorization != null) {
            request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        var req = request.build();
        HttpClientContext context = HttpClientContext.create();
        if (config != null) {
            context.setRequestConfig(config);
        }
        LOG.debug("{} {}", req.getMethod(), req.getRequestUri());
        return http.execute(
                req,
                context,
                res -> new Response(
                        host,
                        res.getCode(),
                        res.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(res.getEntity())));
    }

    private static String url(String host, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        return (host.endsWith("/") ? host.substring(0, host.length() - 1) : host) + path;
    }

    /** The exception and its root cause, e.g. "SSLHandshakeException: PKIX path building failed: ...". */
    static String describe(Throwable e) {
        String s = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !s.contains(root.getMessage())) {
            s += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return s;
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    /** Settings of an {@link IndexerClient}; everything but the ossec.conf is optional. */
    public static final class Builder {
        private final OssecConf conf;
        private String user;
        private String password;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private Duration probeTimeout = Duration.ofSeconds(5);
        private int maxConnections = 10;
        private DnsResolver dnsResolver;
        private char[] keyPassword;
        private boolean verifyHostname = true;

        private Builder(OssecConf conf) {
            this.conf = Objects.requireNonNull(conf, "conf");
        }

        /** Basic auth sent with every request (from properties/environment, never from ossec.conf). */
        public Builder basicAuth(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = password == null ? "" : password;
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

        /** Pooled connections, in total and per host; default 10. */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /** Name resolution (default: the system's). Tests use it to reach a node under a name its SAN lacks. */
        public Builder dnsResolver(DnsResolver resolver) {
            this.dnsResolver = resolver;
            return this;
        }

        /** Password of an encrypted PKCS#8 client key ({@code BEGIN ENCRYPTED PRIVATE KEY}); null or empty: none. */
        public Builder keyPassword(String password) {
            this.keyPassword = password == null || password.isEmpty() ? null : password.toCharArray();
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
