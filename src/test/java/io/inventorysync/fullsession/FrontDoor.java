package io.inventorysync.fullsession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;

/**
 * A CamelContext with one {@code fullsession:test} route on a Unix socket in {@code dir} (and a loopback TCP port),
 * whose processor is the test's; timeouts shrunk to test speed unless the options say otherwise.
 */
final class FrontDoor implements AutoCloseable {

    static final String TEST_TIMINGS = "headerTimeout=2s&bodyTimeout=2s&shutdownGrace=1s";

    private final CamelContext context;
    private final FrontDoorCounters counters = new FrontDoorCounters();
    private final Path socket;
    private final int port;

    private FrontDoor(Path dir, String options, RouteBuilder routes) throws Exception {
        this.socket = dir.resolve("inventory-sync.sock");
        this.port = AvailablePortFinder.getNextAvailable();
        context = new DefaultCamelContext();
        context.addComponent("fullsession", new FullSessionComponent(counters));
        // the test's options replace the defaults of the same name (Camel makes a list of a repeated one)
        Map<String, String> merged = new LinkedHashMap<>();
        for (String option : (TEST_TIMINGS + (options.isEmpty() ? "" : "&" + options)).split("&")) {
            merged.put(option.substring(0, option.indexOf('=')), option);
        }
        String uri =
                "fullsession:test?socketPath=" + socket + "&port=" + port + "&" + String.join("&", merged.values());
        context.getPropertiesComponent().addInitialProperty("frontDoor", uri);
        context.addRoutes(routes);
        context.start();
    }

    /** {@code fullsession:test} → {@code route}. */
    static FrontDoor start(Path dir, String options, Processor route) throws Exception {
        return new FrontDoor(dir, options, new RouteBuilder() {
            @Override
            public void configure() {
                from("{{frontDoor}}").routeId("front-door").process(route);
            }
        });
    }

    /** Routes of the test's own, which read the endpoint from {@code {{frontDoor}}}. */
    static FrontDoor start(Path dir, String options, RouteBuilder routes) throws Exception {
        return new FrontDoor(dir, options, routes);
    }

    /** Answers every request {@code {"kind":…,"agent":…,"bytes":…}}, 200: what the route was handed. */
    static Processor echo() {
        return exchange -> {
            FullSessionRequest request = exchange.getMessage().getBody(FullSessionRequest.class);
            String agent = request.agentId() == null ? "null" : "\"" + request.agentId() + "\"";
            request.answer(new HttpAnswer(
                    200,
                    "{\"kind\":\"" + request.kind() + "\",\"agent\":" + agent + ",\"bytes\":" + request.bodyLength()
                            + "}",
                    0));
        };
    }

    RawHttp connect() throws IOException {
        return RawHttp.unix(socket);
    }

    RawHttp connectTcp() throws IOException {
        return RawHttp.tcp(port);
    }

    /** Sends {@code request} on a new connection and reads the answer. */
    HttpReply exchange(String request) throws Exception {
        try (RawHttp client = connect()) {
            return client.send(request).receive();
        }
    }

    HttpReply exchange(byte[] request) throws Exception {
        try (RawHttp client = connect()) {
            return client.send(request).receive();
        }
    }

    Path socket() {
        return socket;
    }

    int port() {
        return port;
    }

    FrontDoorCounters counters() {
        return counters;
    }

    CamelContext context() {
        return context;
    }

    @Override
    public void close() {
        context.stop();
    }
}
