package io.inventorysync.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.inventorysync.metrics.ReplyLatencies;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.session.Replies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The replies step records the StartAck and EndAck latencies once their replies left, and nothing else. */
class ReplyLatencyTest {

    private final List<String> sent = new ArrayList<>();
    private final List<String> recorded = new ArrayList<>();
    private final Responder responder = channel -> new Responder.Batch() {
        private final List<String> batch = new ArrayList<>();

        @Override
        public void add(String agentId, String module, byte[] body) {
            batch.add(agentId);
        }

        @Override
        public void send() {
            sent.addAll(batch);
        }
    };
    private final ReplyLatencies latencies = new ReplyLatencies() {
        @Override
        public void startAck(long nanos) {
            // recorded after the send: the reply is in the list already
            recorded.add("startAck " + sent.size() + " " + nanos);
        }

        @Override
        public void endAck(long nanos) {
            recorded.add("endAck " + sent.size() + " " + nanos);
        }
    };

    @Test
    void timedRepliesAreRecordedAfterTheyLeftFromTheirReceivedAt() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            // the sender's clock reads 1 s: the StartAck's read came in 5 ms before, the End's 1 ms before
            long now = TimeUnit.SECONDS.toNanos(1);
            Replies replies = Replies.of(exchange);
            replies.add(null, "001", "m", new byte[1], Replies.Timed.START_ACK, now - TimeUnit.MILLISECONDS.toNanos(5));
            replies.add(null, "002", "m", new byte[1]); // a ReqRet: no latency
            replies.add(null, "003", "m", new byte[1], Replies.Timed.END_ACK, now - TimeUnit.MILLISECONDS.toNanos(1));

            new ReplySender(responder, latencies, () -> now).process(exchange);

            assertThat(sent).containsExactly("001", "002", "003");
            assertThat(recorded)
                    .containsExactly(
                            "startAck 3 " + TimeUnit.MILLISECONDS.toNanos(5),
                            "endAck 3 " + TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Test
    void withoutARegistryNothingIsRecorded() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            Replies.of(exchange).add(null, "001", "m", new byte[1], Replies.Timed.START_ACK, 0);
            new ReplySender(responder).process(exchange);
            assertThat(sent).containsExactly("001");
            assertThat(recorded).isEmpty();
        }
    }

    @Test
    void theReadsArrivalIsStampedBeforeItsFramesAreVerified() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(new RouterFrames(List.of()));
            long before = System.nanoTime();
            new InboundFrames(new ServiceMetrics()).process(exchange);
            assertThat(Replies.receivedAt(exchange)).isBetween(before, System.nanoTime());
            assertThat(Replies.receivedAt(exchange)).isEqualTo(Replies.receivedAt(exchange));
        }
    }
}
