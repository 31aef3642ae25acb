package io.inventorysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RocksDBPayloadKeysTest {

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.US_ASCII);
    }

    @Test
    void bothNumbersArePaddedTo20Digits() {
        assertThat(text(RocksDBPayloadKeys.itemKey(7, 12))).isEqualTo("00000000000000000007_00000000000000000012");
        assertThat(RocksDBPayloadKeys.format(0, 0)).isEqualTo("00000000000000000000_00000000000000000000");
    }

    @Test
    void sessionIsWrittenUnsigned() {
        assertThat(text(RocksDBPayloadKeys.itemKey(-1L, 0))).startsWith("18446744073709551615_");
        assertThat(text(RocksDBPayloadKeys.itemKey(Long.MIN_VALUE, Long.MAX_VALUE)))
                .isEqualTo("09223372036854775808_09223372036854775807");
        assertThat(RocksDBPayloadKeys.session(RocksDBPayloadKeys.itemKey(-2L, 5)))
                .isEqualTo(-2L);
        assertThat(RocksDBPayloadKeys.seq(RocksDBPayloadKeys.itemKey(-2L, 5))).isEqualTo(5);
    }

    @Test
    void byteOrderIsNumericOrder() {
        long[] values = {0, 1, 9, 10, 99, 100, 123_456_789, Long.MAX_VALUE, Long.MIN_VALUE, -2, -1};
        for (int i = 1; i < values.length; i++) {
            byte[] a = RocksDBPayloadKeys.itemKey(values[i - 1], 0);
            byte[] b = RocksDBPayloadKeys.itemKey(values[i], 0);
            assertThat(Arrays.compareUnsigned(a, b))
                    .as("%s < %s", values[i - 1], values[i])
                    .isNegative();
            byte[] c = RocksDBPayloadKeys.itemKey(1, values[i - 1]);
            byte[] d = RocksDBPayloadKeys.itemKey(1, values[i]);
            assertThat(Arrays.compareUnsigned(c, d)).isNegative();
        }
    }

    @Test
    void sessionBoundsEncloseExactlyTheSessionsKeys() {
        byte[] start = RocksDBPayloadKeys.sessionStart(42);
        byte[] end = RocksDBPayloadKeys.sessionEnd(42);
        assertThat(Arrays.compareUnsigned(start, RocksDBPayloadKeys.itemKey(42, 0)))
                .isLessThanOrEqualTo(0);
        assertThat(Arrays.compareUnsigned(RocksDBPayloadKeys.itemKey(42, -1L), end))
                .isNegative();
        assertThat(Arrays.compareUnsigned(RocksDBPayloadKeys.itemKey(41, -1L), start))
                .isNegative();
        assertThat(Arrays.compareUnsigned(RocksDBPayloadKeys.itemKey(43, 0), end))
                .isPositive();
    }

    @Test
    void malformedKeysAreRefused() {
        assertThatThrownBy(() -> RocksDBPayloadKeys.seq("1_2".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
