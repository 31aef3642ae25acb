package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** Concurrent senders to many groups: every group completes once, with exactly its own messages. */
class RocksDBAggregateConcurrentDifferentGroupsTest extends RocksDBCamelTestSupport {

    @Test
    void everyGroupCompletesWithItsOwnMessages() throws Exception {
        int groups = 100;
        int perGroup = 10;
        RocksDBAggregationRepository repo = new RocksDBAggregationRepository("repo1", dbPath());
        repo.setHeadersToKeep("group");
        startCamel(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start")
                        .aggregate(header("group"), new StringConcat())
                        .completionSize(perGroup)
                        .aggregationRepository(repo)
                        .to("mock:aggregated");
            }
        });
        MockEndpoint aggregated = mock("mock:aggregated");
        aggregated.expectedMessageCount(groups);

        ExecutorService executor = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < perGroup; i++) {
                for (int g = 0; g < groups; g++) {
                    String group = "g" + g;
                    sent.add(executor.submit(() -> template.sendBodyAndHeader("direct:start", "x", "group", group)));
                }
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        MockEndpoint.assertIsSatisfied(context, 30, TimeUnit.SECONDS);
        assertThat(aggregated.getReceivedExchanges())
                .extracting(e -> e.getIn().getBody(String.class))
                .containsOnly("x".repeat(perGroup));
        assertThat(aggregated.getReceivedExchanges())
                .extracting(e -> e.getIn().getHeader("group", String.class))
                .doesNotHaveDuplicates()
                .hasSize(groups);
        assertThat(aggregated.getReceivedExchanges())
                .extracting(Exchange::getExchangeId)
                .doesNotHaveDuplicates();
        assertThat(repo.getKeys()).isEmpty();
    }
}
