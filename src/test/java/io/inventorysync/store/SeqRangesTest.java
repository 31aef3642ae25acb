package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inventorysync.store.SeqRanges.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeqRangesTest {

    @Test
    void inOrderReceptionKeepsOneRangeAndASmallEncoding() {
        SeqRanges r = new SeqRanges();
        for (long s = 0; s < 1_000_000; s++) {
            assertThat(r.add(s)).isTrue();
        }
        assertThat(r.rangeCount()).isEqualTo(1);
        assertThat(r.receivedCount()).isEqualTo(1_000_000);
        assertThat(r.isComplete(1_000_000)).isTrue();
        assertThat(r.missing(1_000_000)).isEmpty();
        assertThat(r.toBytes()).hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void outOfOrderMergesNeighbours() {
        SeqRanges r = new SeqRanges();
        r.add(5);
        r.add(3);
        r.add(9);
        assertThat(r.ranges()).containsExactly(new Range(3, 3), new Range(5, 5), new Range(9, 9));
        r.add(4);
        assertThat(r.ranges()).containsExactly(new Range(3, 5), new Range(9, 9));
        r.add(7);
        r.add(8);
        r.add(6);
        assertThat(r.ranges()).containsExactly(new Range(3, 9));
        assertThat(r.receivedCount()).isEqualTo(7);
    }

    @Test
    void repeatedSeqIsNotCountedTwice() {
        SeqRanges r = new SeqRanges();
        assertThat(r.add(2)).isTrue();
        assertThat(r.add(2)).isFalse();
        r.add(3);
        assertThat(r.add(2)).isFalse();
        assertThat(r.receivedCount()).isEqualTo(2);
    }

    @Test
    void containsAnswersForEveryPosition() {
        SeqRanges r = new SeqRanges();
        r.add(1);
        r.add(2);
        r.add(10);
        assertThat(r.contains(0)).isFalse();
        assertThat(r.contains(1)).isTrue();
        assertThat(r.contains(2)).isTrue();
        assertThat(r.contains(3)).isFalse();
        assertThat(r.contains(10)).isTrue();
        assertThat(r.contains(11)).isFalse();
    }

    @Test
    void missingListsInclusiveRangesAscending() {
        SeqRanges r = new SeqRanges();
        for (long s : new long[] {1, 2, 5, 9, 12}) {
            r.add(s);
        }
        assertThat(r.missing(10)).containsExactly(new Range(0, 0), new Range(3, 4), new Range(6, 8));
        assertThat(r.missing(14))
                .containsExactly(
                        new Range(0, 0), new Range(3, 4), new Range(6, 8), new Range(10, 11), new Range(13, 13));
        assertThat(new SeqRanges().missing(3)).containsExactly(new Range(0, 2));
        assertThat(new SeqRanges().missing(0)).isEmpty();
        assertThat(r.isComplete(10)).isFalse();
    }

    @Test
    void completeOnlyWhenZeroToSizeMinusOneReceived() {
        SeqRanges r = new SeqRanges();
        assertThat(r.isComplete(0)).isTrue();
        r.add(1);
        assertThat(r.isComplete(2)).isFalse();
        r.add(0);
        assertThat(r.isComplete(2)).isTrue();
        assertThat(r.isComplete(3)).isFalse();
    }

    @Test
    void encodingRoundTrips() {
        SeqRanges r = new SeqRanges();
        for (long s : new long[] {0, 1, 2, 7, 100, 101, Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
            r.add(s);
        }
        SeqRanges back = SeqRanges.fromBytes(r.toBytes());
        assertThat(back).isEqualTo(r);
        assertThat(back.receivedCount()).isEqualTo(r.receivedCount());
        assertThat(back.ranges()).isEqualTo(r.ranges());
        assertThat(SeqRanges.fromBytes(new SeqRanges().toBytes()).rangeCount()).isZero();
        // and stays usable after decoding
        back.add(3);
        assertThat(back.ranges()).startsWith(new Range(0, 3));
    }

    @Test
    void badEncodingsAreRefused() {
        assertThatThrownBy(() -> SeqRanges.fromBytes(new byte[] {2, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> SeqRanges.fromBytes(new byte[] {1, 1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> SeqRanges.fromBytes(new byte[] {1, 0, 9}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
        // second range touching the first: not a valid (merged) form
        assertThatThrownBy(() -> SeqRanges.fromBytes(new byte[] {1, 2, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeSeqIsRefused() {
        assertThatThrownBy(() -> new SeqRanges().add(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyHolesStayCorrectAgainstABruteForceModel() {
        java.util.Random random = new java.util.Random(42);
        java.util.BitSet model = new java.util.BitSet();
        SeqRanges r = new SeqRanges();
        for (int i = 0; i < 20_000; i++) {
            int s = random.nextInt(5_000);
            assertThat(r.add(s)).isEqualTo(!model.get(s));
            model.set(s);
        }
        assertThat(r.receivedCount()).isEqualTo(model.cardinality());
        List<Range> missing = r.missing(5_000);
        long missingCount = missing.stream().mapToLong(Range::count).sum();
        assertThat(missingCount).isEqualTo(5_000 - model.cardinality());
        for (Range m : missing) {
            for (long s = m.first(); s <= m.last(); s++) {
                assertThat(model.get((int) s)).isFalse();
            }
        }
        assertThat(SeqRanges.fromBytes(r.toBytes())).isEqualTo(r);
    }
}
