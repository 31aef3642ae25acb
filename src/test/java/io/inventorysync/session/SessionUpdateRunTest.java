package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The updates of a read's data messages: each session's received seqs merged, each session's own order kept. */
class SessionUpdateRunTest {

    @Test
    void mergesTheSeqsOfOneSessionAcrossMessagesAndKeepsSessionsApart() {
        SessionUpdateRun run = new SessionUpdateRun();
        run.received(1, 0);
        run.received(1, 1);
        run.received(2, 7);
        run.received(1, 2);
        List<SessionUpdate> updates = run.toList();
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).session()).isEqualTo(1);
        assertThat(((SessionUpdate.Received) updates.get(0)).seqs()).containsExactly(0, 1, 2);
        assertThat(updates.get(1).session()).isEqualTo(2);
        assertThat(((SessionUpdate.Received) updates.get(1)).seqs()).containsExactly(7);
    }

    @Test
    void anEndClosesTheSessionsRunSoSeqsAfterItComeAfterIt() {
        SessionUpdateRun run = new SessionUpdateRun();
        run.received(1, 0);
        run.add(SessionUpdate.end(1));
        run.received(1, 1);
        run.received(2, 0);
        run.add(SessionUpdate.checksum(2, "wazuh-states-fim-files", "abc"));
        List<SessionUpdate> updates = run.toList();
        assertThat(updates).extracting(SessionUpdate::session).containsExactly(1L, 1L, 1L, 2L, 2L);
        assertThat(((SessionUpdate.Received) updates.get(0)).seqs()).containsExactly(0);
        assertThat(updates.get(1)).isInstanceOf(SessionUpdate.End.class);
        assertThat(((SessionUpdate.Received) updates.get(2)).seqs()).containsExactly(1);
        assertThat(((SessionUpdate.Received) updates.get(3)).seqs()).containsExactly(0);
        assertThat(((SessionUpdate.Checksum) updates.get(4)).checksum()).isEqualTo("abc");
    }

    @Test
    void growsPastItsFirstCapacity() {
        SessionUpdateRun run = new SessionUpdateRun();
        for (long seq = 0; seq < 1000; seq++) {
            run.received(9, seq);
        }
        List<SessionUpdate> updates = run.toList();
        assertThat(updates).hasSize(1);
        assertThat(((SessionUpdate.Received) updates.get(0)).seqs())
                .hasSize(1000)
                .startsWith(0, 1, 2)
                .endsWith(999);
    }
}
