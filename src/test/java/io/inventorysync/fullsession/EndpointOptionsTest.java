package io.inventorysync.fullsession;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options the front door cannot run with stop the route's start with a message naming them. */
class EndpointOptionsTest {

    @TempDir
    Path dir;

    private void assertRefused(String options, String message) {
        assertThatThrownBy(() -> {
                    try (CamelContext context = new DefaultCamelContext()) {
                        context.addComponent("fullsession", new FullSessionComponent());
                        context.addRoutes(new RouteBuilder() {
                            @Override
                            public void configure() {
                                from("fullsession:test?" + options).log("never");
                            }
                        });
                        context.start();
                    }
                })
                .rootCause()
                .hasMessageContaining(message);
    }

    @Test
    void aListenerIsRequired() {
        assertRefused("maxBodyBytes=10", "socketPath or port is required");
    }

    @Test
    void theLargestBodyMustFitTheBudget() {
        assertRefused(
                "socketPath=" + dir.resolve("s.sock") + "&maxBodyBytes=2000&inFlightBytes=1000",
                "maxBodyBytes 2000 is above inFlightBytes 1000");
    }

    @Test
    void workersAreNeeded() {
        assertRefused("socketPath=" + dir.resolve("s.sock") + "&workerThreads=0", "workerThreads");
    }
}
