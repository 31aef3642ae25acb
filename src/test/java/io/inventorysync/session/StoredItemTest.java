package io.inventorysync.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The explicit binary form of a stored DataValue/DataContext. */
class StoredItemTest {

    @Test
    void roundTripsEveryField() {
        byte[] stored = StoredItem.encode(
                (byte) 1, 42L, utf8("pkg-é"), utf8("wazuh-states-inventory-packages"), utf8("{\"a\":1}"));
        StoredItem item = StoredItem.fromBytes(stored);
        assertThat(item.operation()).isEqualTo((byte) 1);
        assertThat(item.version()).isEqualTo(42L);
        assertThat(item.id()).isEqualTo("pkg-é");
        assertThat(item.index()).isEqualTo("wazuh-states-inventory-packages");
        assertThat(new String(item.data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void absentFieldsAreEmpty() {
        StoredItem item = StoredItem.fromBytes(StoredItem.encode((byte) 0, 0, null, null, null));
        assertThat(item.id()).isEmpty();
        assertThat(item.index()).isEmpty();
        assertThat(item.data()).isEmpty();
    }

    @Test
    void unknownFormatVersionIsRefused() {
        byte[] stored = StoredItem.encode((byte) 0, 0, null, null, null);
        stored[0] = 9;
        assertThatThrownBy(() -> StoredItem.fromBytes(stored)).hasMessageContaining("format version 9");
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
