package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The route fails after completion: the aggregated exchange is kept, recovered, then dead-lettered after N. */
class RocksDBAggregateNotLostTest extends RocksDBCamelTestSupport {

    private RocksDBAggregationRepository repo;

    private RouteBuilder failingRoute(boolean useRecovery) {
        repo = new RocksDBAggregationRepository("repo1", dbPath());
        repo.setHeadersToKeep("id");
        repo.setUseRecovery(useRecovery);
        repo.setRecoveryInterval(200);
        repo.setMaximumRedeliveries(3);
        repo.setDeadLetterUri("mock:dead");
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start")
                        .aggregate(header("id"), new StringConcat())
                        .completionSize(5)
                        .aggregationRepository(repo)
                        .to("mock:aggregated")
                        .throwException(new IllegalArgumentException("Damn"))
                        .to("mock:result")
                        .end();
            }
        };
    }

    private void sendABCDE() {
        for (String body : new String[] {"A", "B", "C", "D", "E"}) {
            template.sendBodyAndHeader("direct:start", body, "id", 123);
        }
    }

    @Test
    void completedExchangeIsKeptWithEverythingNeededWhenTheRouteFails() throws Exception {
        startCamel(failingRoute(false));
        MockEndpoint aggregated = mock("mock:aggregated");
        aggregated.expectedBodiesReceived("ABCDE");
        mock("mock:result").expectedMessageCount(0);

        sendABCDE();
        MockEndpoint.assertIsSatisfied(context, 10, TimeUnit.SECONDS);

        String exchangeId = aggregated.getReceivedExchanges().get(0).getExchangeId();
        assertThat(repo.getKeys()).isEmpty();
        assertThat(repo.scan(context)).containsExactly(exchangeId);
        Exchange completed = repo.recover(context, exchangeId);
        assertThat(completed.getExchangeId()).isEqualTo(exchangeId);
        assertThat(completed.getIn().getBody(String.class)).isEqualTo("ABCDE");
        assertThat(completed.getIn().getHeader("id")).isEqualTo(123L);
        assertThat(completed.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY))
                .isEqualTo("size");
        assertThat(completed.getProperty(ExchangePropertyKey.AGGREGATED_SIZE)).isEqualTo(5);
        assertThat(completed.getProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY))
                .isEqualTo("123");
    }

    @Test
    void failedExchangeIsRecoveredThenDeadLetteredAfterMaximumRedeliveries() throws Exception {
        startCamel(failingRoute(true));
        MockEndpoint aggregated = mock("mock:aggregated");
        aggregated.expectedMessageCount(1 + 3);
        MockEndpoint dead = mock("mock:dead");
        dead.expectedBodiesReceived("ABCDE");
        mock("mock:result").expectedMessageCount(0);

        sendABCDE();
        MockEndpoint.assertIsSatisfied(context, 20, TimeUnit.SECONDS);

        String exchangeId = aggregated.getReceivedExchanges().get(0).getExchangeId();
        // every redelivery is the same stored exchange, counted by Camel
        assertThat(aggregated.getReceivedExchanges())
                .extracting(Exchange::getExchangeId)
                .containsOnly(exchangeId);
        assertThat(aggregated.getReceivedExchanges().get(3).getIn().getHeader(Exchange.REDELIVERY_COUNTER))
                .isEqualTo(3);
        assertThat(dead.getReceivedExchanges().get(0).getExchangeId()).isEqualTo(exchangeId);
        // dead-lettered means confirmed: nothing left to recover (the confirm follows the dead-letter send, so wait
        // for it, bounded)
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(repo.scan(context)).isEmpty());
    }
}
