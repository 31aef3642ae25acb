package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** An open group survives a restart on the same directory, and its completion timeout fires afterwards. */
class RocksDBAggregateTimeoutCompletionRestartTest extends RocksDBCamelTestSupport {

    private RouteBuilder routes() {
        RocksDBAggregationRepository repo = new RocksDBAggregationRepository("repo1", dbPath());
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start")
                        .aggregate(header("id"), new StringConcat())
                        .completionTimeout(1500)
                        .completionTimeoutCheckerInterval(100)
                        .aggregationRepository(repo)
                        .to("mock:aggregated");
            }
        };
    }

    private void sendABC() {
        template.sendBodyAndHeader("direct:start", "A", "id", 123);
        template.sendBodyAndHeader("direct:start", "B", "id", 123);
        template.sendBodyAndHeader("direct:start", "C", "id", 123);
    }

    @Test
    void timeoutFiresAfterTheContextIsStoppedAndStarted() throws Exception {
        startCamel(routes());
        sendABC();
        context.stop();
        assertThat(mock("mock:aggregated").getReceivedCounter()).isZero();

        context.start();
        MockEndpoint aggregated = mock("mock:aggregated");
        aggregated.expectedBodiesReceived("ABC");
        aggregated.expectedPropertyReceived(ExchangePropertyKey.AGGREGATED_COMPLETED_BY.getName(), "timeout");
        MockEndpoint.assertIsSatisfied(context, 10, TimeUnit.SECONDS);
    }

    @Test
    void timeoutFiresInANewContextWithANewRepositoryOnTheSameDirectory() throws Exception {
        startCamel(routes());
        sendABC();
        context.close();
        assertThat(mock("mock:aggregated").getReceivedCounter()).isZero();

        // a fresh "process": new context, new repository instance, same directory
        CamelContext second = new DefaultCamelContext();
        try {
            second.addRoutes(routes());
            second.start();
            MockEndpoint aggregated = second.getEndpoint("mock:aggregated", MockEndpoint.class);
            aggregated.expectedBodiesReceived("ABC");
            MockEndpoint.assertIsSatisfied(second, 10, TimeUnit.SECONDS);
        } finally {
            second.close();
        }
    }
}
