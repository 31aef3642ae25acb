package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** Many concurrent senders to one group: nothing lost, nothing doubled. */
class RocksDBAggregateConcurrentSameGroupTest extends RocksDBCamelTestSupport {

    private void sendConcurrently(int messages, int threads) throws Exception {
        RocksDBAggregationRepository repo = new RocksDBAggregationRepository("repo1", dbPath());
        startCamel(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start")
                        .aggregate(header("id"), (oldEx, newEx) -> {
                            if (oldEx == null) {
                                return newEx;
                            }
                            oldEx.getIn()
                                    .setBody(oldEx.getIn().getBody(String.class) + ","
                                            + newEx.getIn().getBody(String.class));
                            return oldEx;
                        })
                        .completionSize(messages)
                        .aggregationRepository(repo)
                        .to("mock:aggregated");
            }
        });
        MockEndpoint aggregated = mock("mock:aggregated");
        aggregated.expectedMessageCount(1);

        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sent = IntStream.range(0, messages)
                    .mapToObj(i -> executor.submit(
                            () -> template.sendBodyAndHeader("direct:start", Integer.toString(i), "id", 123)))
                    .<Future<?>>map(f -> f)
                    .toList();
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        MockEndpoint.assertIsSatisfied(context, 30, TimeUnit.SECONDS);
        String body = aggregated.getReceivedExchanges().get(0).getIn().getBody(String.class);
        int[] received = Arrays.stream(body.split(","))
                .mapToInt(Integer::parseInt)
                .sorted()
                .toArray();
        assertThat(received).isEqualTo(IntStream.range(0, messages).toArray());
        assertThat(repo.getKeys()).isEmpty();
    }

    @Test
    void noConcurrentProducers() throws Exception {
        sendConcurrently(1, 1);
    }

    @Test
    void concurrentProducers() throws Exception {
        sendConcurrently(50, 5);
    }

    @Test
    void moreConcurrentProducers() throws Exception {
        sendConcurrently(500, 10);
    }
}
