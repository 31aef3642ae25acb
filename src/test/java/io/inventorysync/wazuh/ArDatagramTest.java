package io.inventorysync.wazuh;

import static org.assertj.core.api.Assertions.assertThat;

import Wazuh.SyncSchema.Status;
import io.inventorysync.protocol.Responses;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The AR datagram's bytes (wazuh-manager-transport.md §4), pinned against the spec's example. */
class ArDatagramTest {

    @Test
    void startAckToAgent001IsTheSpecsNinetySixBytes() {
        byte[] startAck = Responses.startAck(Status.Ok, 0x1122334455667788L);
        assertThat(startAck).hasSize(48);
        ByteBuffer datagram = ByteBuffer.allocate(ArDatagram.REMOTED_MAX_DATAGRAM);
        ArDatagram.encode(datagram, "001", "syscollector", startAck);
        byte[] bytes = new byte[datagram.flip().remaining()];
        datagram.get(bytes);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("(msg_to_agent) [] N!s 001 48 syscollector_sync ".getBytes(StandardCharsets.US_ASCII));
        expected.write(0);
        expected.writeBytes(startAck);
        assertThat(bytes).hasSize(96).isEqualTo(expected.toByteArray());
        assertThat(ArDatagram.size("001", "syscollector", 48)).isEqualTo(96);
    }

    @Test
    void agentIdsTakeTheKeystoresSpelling() {
        assertThat(ArDatagram.keystoreId("1")).isEqualTo("001");
        assertThat(ArDatagram.keystoreId("001")).isEqualTo("001");
        assertThat(ArDatagram.keystoreId("0042")).isEqualTo("042");
        assertThat(ArDatagram.keystoreId("1234")).isEqualTo("1234");
        assertThat(ArDatagram.keystoreId("")).isNull();
        assertThat(ArDatagram.keystoreId("00 1")).isNull();
        assertThat(ArDatagram.keystoreId("-1")).isNull();
        assertThat(ArDatagram.keystoreId("1234567890123456789")).isNull();
    }

    @Test
    void responsesRemotedWouldDropAreRefusedBeforeTheyAreSent() {
        assertThat(ArDatagram.undeliverable("001", "syscollector", 48)).isNull();
        assertThat(ArDatagram.undeliverable(null, "syscollector", 48)).contains("agent id");
        assertThat(ArDatagram.undeliverable("001", "sys collector", 48)).contains("module");
        assertThat(ArDatagram.undeliverable("001", "sys\0", 48)).contains("module");
        // remoted reads 65,534 bytes of a datagram; this one's header is 51 bytes (a 5-digit size)
        assertThat(ArDatagram.undeliverable("001", "syscollector", 65_534 - 51)).isNull();
        assertThat(ArDatagram.undeliverable("001", "syscollector", 65_534 - 51 + 1))
                .contains("remoted reads");
    }
}
