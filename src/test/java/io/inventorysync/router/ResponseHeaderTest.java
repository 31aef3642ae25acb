package io.inventorysync.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The response header of a refused Start carries the agent id and module as received: it must stay one printable
 * ASCII line (it reaches the dropped-response log line and the wire), and its size must be what is written.
 */
class ResponseHeaderTest {

    @Test
    void agentStringsAreEscapedInTheHeader() {
        assertThat(RouterFrame.responseHeader("1\n2025-01-01 ERROR forged", "sys\r\nx"))
                .isEqualTo("1?2025-01-01?ERROR?forged sys??x_sync");
        assertThat(RouterFrame.responseHeader("001", "syscollector")).isEqualTo("001 syscollector_sync");
        assertThat(RouterFrame.responseHeader("9".repeat(500), "m")).isEqualTo("9".repeat(64) + " m_sync");
    }

    @Test
    void aNonAsciiAgentIdKeepsTheFrameSizeRight() {
        RouterFrame frame = RouterFrame.of(RouterFrame.responseHeader("\uD834\uDD1E-é", "m"), new byte[3]);
        assertThat(RouterFrame.bytesOf(frame)).hasSize(frame.wireSize());
    }
}
