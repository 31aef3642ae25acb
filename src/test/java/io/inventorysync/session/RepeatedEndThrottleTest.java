package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.MessageType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Repeated Ends for the same gaps are answered at most once per second per session (behaviour.md §3). */
class RepeatedEndThrottleTest {

    private final AggregationFixture f = new AggregationFixture();

    @Test
    void endsWithinASecondOfTheReqRetAreNotAnsweredAgain() {
        Session session = f.start(10);
        f.received(session, 0, 1, 2, 4, 5);
        f.end(session);
        assertThat(f.responses())
                .singleElement()
                .satisfies(r ->
                        assertThat(AggregationFixture.message(r).contentType()).isEqualTo(MessageType.ReqRet));

        for (int i = 0; i < 5; i++) {
            f.clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(150));
            f.end(session);
        }
        assertThat(f.responses()).isEmpty();
        assertThat(f.metrics.endsThrottled.sum()).isEqualTo(5);

        f.clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(250)); // 1 s after the ReqRet
        f.end(session);
        assertThat(f.responses())
                .singleElement()
                .satisfies(r ->
                        assertThat(AggregationFixture.message(r).contentType()).isEqualTo(MessageType.ReqRet));
    }

    @Test
    void anotherSessionIsNotHeldBack() {
        Session one = f.start("001", Wazuh.SyncSchema.Mode.ModuleFull, 4);
        Session two = f.start("002", Wazuh.SyncSchema.Mode.ModuleFull, 4);
        f.end(one);
        assertThat(f.responses()).hasSize(1);
        f.end(two);
        assertThat(f.responses()).hasSize(1);
        assertThat(f.metrics.endsThrottled.sum()).isZero();
    }
}
