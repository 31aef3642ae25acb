package io.inventorysync.store;

import java.nio.file.Path;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A plain CamelContext per test, started with the routes the test gives, on a temporary directory. */
abstract class RocksDBCamelTestSupport {

    @TempDir
    Path dir;

    protected CamelContext context;
    protected ProducerTemplate template;

    protected String dbPath() {
        return dir.resolve("db").toString();
    }

    protected void startCamel(RouteBuilder routes) throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(routes);
        context.start();
        template = context.createProducerTemplate();
    }

    protected MockEndpoint mock(String uri) {
        return context.getEndpoint(uri, MockEndpoint.class);
    }

    @AfterEach
    void stopCamel() throws Exception {
        if (template != null) {
            template.close();
        }
        if (context != null) {
            context.close();
        }
    }

    /** Concatenates bodies as text; the stored body is byte[], read back through Camel's converters. */
    static final class StringConcat implements AggregationStrategy {
        @Override
        public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
            if (oldExchange == null) {
                return newExchange;
            }
            oldExchange
                    .getIn()
                    .setBody(oldExchange.getIn().getBody(String.class)
                            + newExchange.getIn().getBody(String.class));
            return oldExchange;
        }
    }
}
