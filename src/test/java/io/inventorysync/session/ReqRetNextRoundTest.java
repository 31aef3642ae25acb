package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Pair;
import Wazuh.SyncSchema.ReqRet;
import io.inventorysync.protocol.Responses;
import io.inventorysync.router.RouterFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ReqRet carries the first missing ranges that fit; once every range it asked for arrived and gaps remain, the next
 * one goes out without a new End (behaviour.md §3). No clock moves: the rounds are not held back by the 1 s rule.
 */
class ReqRetNextRoundTest {

    private final AggregationFixture f = new AggregationFixture();

    @Test
    void theNextReqRetFollowsWhenTheLastOneWasAnswered() {
        int size = 20_000;
        Session session = f.start(size);
        long[] even = new long[size / 2];
        for (int i = 0; i < even.length; i++) {
            even[i] = 2L * i;
        }
        f.received(session, even);
        f.end(session);

        int rounds = 0;
        long asked = 0;
        long previousLast = -1;
        while (session.phase() == Session.Phase.RECEIVING) {
            List<RouterFrame> responses = f.responses();
            assertThat(responses).hasSize(1);
            Message m = AggregationFixture.message(responses.get(0));
            assertThat(m.contentType()).isEqualTo(MessageType.ReqRet);
            assertThat(responses.get(0).body().length).isLessThanOrEqualTo(Responses.MAX_RESPONSE_BYTES);
            ReqRet reqRet = (ReqRet) m.content(new ReqRet());
            assertThat(reqRet.seqLength()).isBetween(1, Responses.MAX_REQRET_RANGES);
            List<Long> seqs = new ArrayList<>();
            Pair p = new Pair();
            for (int i = 0; i < reqRet.seqLength(); i++) {
                reqRet.seq(p, i);
                assertThat(p.begin()).isGreaterThan(previousLast); // ascending, and no range asked twice
                for (long s = p.begin(); s <= p.end(); s++) {
                    seqs.add(s);
                }
                previousLast = p.end();
            }
            rounds++;
            asked += seqs.size();
            // the agent resends them in two halves: only the second, which completes the round, triggers the next
            int half = seqs.size() / 2;
            f.received(
                    session,
                    seqs.subList(0, half).stream().mapToLong(Long::longValue).toArray());
            assertThat(f.responses()).isEmpty();
            f.received(
                    session,
                    seqs.subList(half, seqs.size()).stream()
                            .mapToLong(Long::longValue)
                            .toArray());
        }
        // the last resend completes the session: no response until the indexer's EndAck
        assertThat(f.responses()).isEmpty();
        assertThat(asked).isEqualTo(size / 2);
        assertThat(rounds).isEqualTo((size / 2 + Responses.MAX_REQRET_RANGES - 1) / Responses.MAX_REQRET_RANGES);
        assertThat(session.phase()).isEqualTo(Session.Phase.COMPLETE);
    }
}
