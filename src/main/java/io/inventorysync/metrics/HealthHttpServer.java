package io.inventorysync.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's health checks over HTTP, the way camel-main's management server shows them ({@code GET /observe/health},
 * {@code /observe/health/live}, {@code /observe/health/ready}): 200 and {@code "status":"UP"} when every check is up,
 * 503 otherwise, with each check's details.
 *
 * <p>Why not camel-platform-http-main: it is not published for Camel 4.22.0, and the JDK's own server is enough for
 * one GET on a loopback port. One thread; bound to {@code inventory.health.http.host} (127.0.0.1 by default).
 *
 * <p>With a {@link PrometheusMetrics}, also {@code GET /metrics} for Prometheus, on the same listener.
 */
public final class HealthHttpServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HealthHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String PATH = "/observe/health";
    public static final String METRICS_PATH = "/metrics";

    private final CamelContext context;
    private final String host;
    private final int port;
    private final PrometheusMetrics metrics;
    private HttpServer server;
    private ExecutorService executor;

    public HealthHttpServer(CamelContext context, String host, int port) {
        this(context, host, port, null);
    }

    /** @param metrics what {@code GET /metrics} writes; null: no {@code /metrics} */
    public HealthHttpServer(CamelContext context, String host, int port, PrometheusMetrics metrics) {
        this.context = context;
        this.host = host;
        this.port = port;
        this.metrics = metrics;
    }

    /** The bound port (the configured one, or the one chosen for port 0). */
    public int port() {
        return server == null ? port : server.getAddress().getPort();
    }

    @Override
    protected void doStart() throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "health-http"));
        server.setExecutor(executor);
        server.createContext(PATH, this::handle);
        if (metrics != null) {
            server.createContext(METRICS_PATH, this::metrics);
        }
        server.start();
        LOG.info("Health checks on http://{}:{}{}", host, port(), PATH);
        if (metrics != null) {
            LOG.info("Prometheus metrics on http://{}:{}{}", host, port(), METRICS_PATH);
        }
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Collection<HealthCheck.Result> results = switch (path) {
                // "full": every check with its details, not just the context's summary (loopback only)
                case PATH, PATH + "/" -> HealthCheckHelper.invoke(context, "full");
                case PATH + "/live" -> HealthCheckHelper.invokeLiveness(context, "full");
                case PATH + "/ready" -> HealthCheckHelper.invokeReadiness(context, "full");
                default -> null;
            };
            if (results == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            boolean up = results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
            byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report(up, results));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!METRICS_PATH.equals(path) || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
            String type = metrics.scrape(exchange.getRequestHeaders().getFirst("Accept"), body);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }

    private static ObjectNode report(boolean up, Collection<HealthCheck.Result> results) {
        ObjectNode root = JSON.createObjectNode().put("status", up ? "UP" : "DOWN");
        ArrayNode checks = root.putArray("checks");
        for (HealthCheck.Result r : results) {
            ObjectNode check = checks.addObject()
                    .put("name", r.getCheck().getId())
                    .put("group", r.getCheck().getGroup())
                    .put("status", r.getState().name());
            r.getMessage().ifPresent(m -> check.put("message", m));
            ObjectNode data = check.putObject("data");
            for (Map.Entry<String, Object> e : r.getDetails().entrySet()) {
                data.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        return root;
    }
}
