package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** When the route after the aggregator succeeds, the completed exchange is confirmed and removed. */
class RocksDBAggregateNotLostRemovedWhenConfirmedTest extends RocksDBCamelTestSupport {

    @Test
    void confirmRemovesTheCompletedExchange() throws Exception {
        RocksDBAggregationRepository repo = new RocksDBAggregationRepository("repo1", dbPath());
        startCamel(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start")
                        .routeId("in")
                        .aggregate(header("id"), new StringConcat())
                        .completionSize(5)
                        .aggregationRepository(repo)
                        .to("mock:result")
                        .end();
            }
        });
        mock("mock:result").expectedBodiesReceived("ABCDE");
        // the 5 incoming exchanges and the aggregated one
        NotifyBuilder allDone = new NotifyBuilder(context).whenDone(6).create();

        for (String body : new String[] {"A", "B", "C", "D", "E"}) {
            template.sendBodyAndHeader("direct:start", body, "id", 123);
        }

        MockEndpoint.assertIsSatisfied(context, 10, TimeUnit.SECONDS);
        assertThat(allDone.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(repo.getKeys()).isEmpty();
        assertThat(repo.scan(context)).isEmpty();
    }
}
