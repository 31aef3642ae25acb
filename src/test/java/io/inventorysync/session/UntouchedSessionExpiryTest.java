package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Mode;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.metrics.ServiceMetrics;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A session that never received a message is timed out by the idle check, not by the aggregator; its first message
 * and the idle check race for it, and exactly one wins.
 */
class UntouchedSessionExpiryTest {

    // admission's clock, moved by the test
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SessionAdmission admission =
            new SessionAdmission(new SessionLimits(100, 1000), () -> true, new ServiceMetrics(), clock::get);

    @Test
    void onlySessionsStartedBeforeTheCutoffAndNeverTouchedAreIdle() {
        Session old = admission.admit(start("1"), null).session();
        long cutoff = clock.addAndGet(1_000);
        clock.addAndGet(1_000);
        Session young = admission.admit(start("2"), null).session();

        assertThat(admission.untouchedSince(cutoff)).containsExactly(old);
        assertThat(admission.untouchedSince(clock.get())).containsExactlyInAnyOrder(old, young);
        assertThat(young.touch()).isTrue();
        assertThat(admission.untouchedSince(clock.get())).containsExactly(old);
    }

    @Test
    void aMessageFirstKeepsTheSessionFromTheIdleCheck() {
        Session session = admission.admit(start("3"), null).session();
        assertThat(session.touched()).isFalse();
        assertThat(session.touch()).isTrue();
        assertThat(session.touched()).isTrue();
        assertThat(session.touch()).isTrue();
        assertThat(session.expireUntouched()).isFalse();
    }

    @Test
    void theIdleCheckFirstTurnsAwayTheLateMessage() {
        Session session = admission.admit(start("4"), null).session();
        assertThat(session.expireUntouched()).isTrue();
        assertThat(session.expireUntouched()).isFalse();
        assertThat(session.touch()).isFalse();
        assertThat(session.touched()).isFalse(); // nothing was stored: no range delete when it closes
    }

    @Test
    void completeSessionsAreNotIdle() {
        Session session = admission.admit(start("5"), null).session();
        assertThat(admission.complete(session)).isTrue();
        assertThat(admission.untouchedSince(clock.addAndGet(1_000))).isEmpty();
    }

    private static StartRequest start(String agent) {
        AgentMetadata meta = new AgentMetadata("n", "v", List.of(), "x86_64", "h", "os", "p", "t", "1");
        return new StartRequest(agent, "syscollector", Mode.ModuleFull, 1, List.of(), (byte) 0, () -> meta, 0, "", "");
    }
}
