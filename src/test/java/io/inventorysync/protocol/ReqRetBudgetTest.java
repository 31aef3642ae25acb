package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A ReqRet fits in one datagram of the manager's response path (wazuh-manager-transport.md §4, behaviour.md §3). */
class ReqRetBudgetTest {

    @Test
    void theLargestReqRetStaysWithinTheResponseBudget() {
        List<SeqRange> ranges = new ArrayList<>();
        // the largest values cost the most: no field left out as a default
        for (int i = 0; i < Responses.MAX_REQRET_RANGES; i++) {
            ranges.add(new SeqRange(Long.MAX_VALUE - 2L * i - 1, Long.MAX_VALUE - 2L * i));
        }
        byte[] body = Responses.reqRet(-2L, ranges);
        assertThat(body.length).isLessThanOrEqualTo(Responses.MAX_RESPONSE_BYTES);
        assertThat(Responses.MAX_REQRET_RANGES).isGreaterThan(2_000);
    }

    @Test
    void theBudgetLeavesRoomForTheManagersPrefixesOfTheLongestModule() {
        String module = "m".repeat(64);
        // remoted: "#!-<module>_sync " + payload must stay under 65,536 bytes
        int remoted =
                ("#!-" + module + "_sync ").getBytes(StandardCharsets.US_ASCII).length + Responses.MAX_RESPONSE_BYTES;
        assertThat(remoted).isLessThan(65_536 - 1);
        // the AR datagram: "(msg_to_agent) [] N!s <agent> <size> <module>_sync " NUL payload, read up to 65,534 bytes
        int ar = ("(msg_to_agent) [] N!s 99999999 " + Responses.MAX_RESPONSE_BYTES + " " + module + "_sync ").length()
                + 1
                + Responses.MAX_RESPONSE_BYTES;
        assertThat(ar).isLessThanOrEqualTo(65_534);
    }

    @Test
    void moreRangesThanFitAreRefused() {
        List<SeqRange> ranges = new ArrayList<>();
        for (int i = 0; i <= Responses.MAX_REQRET_RANGES; i++) {
            ranges.add(new SeqRange(2L * i, 2L * i));
        }
        assertThatThrownBy(() -> Responses.reqRet(1, ranges)).isInstanceOf(IllegalArgumentException.class);
    }
}
