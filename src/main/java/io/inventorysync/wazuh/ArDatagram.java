package io.inventorysync.wazuh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One response as remoted's active-response queue takes it ({@code src/remoted/src/ar-forward.c} at v5.0.0-beta4):
 * {@code "(msg_to_agent) [] N!s <agent> <size> <module>_sync " 0x00 <FlatBuffer>}. remoted skips the space after the
 * module and the byte after it (the NUL), requires {@code 0 <= size < 65536}, and drops a response whose
 * {@code "#!-<module>_sync "} + payload reaches {@link #REMOTED_MAX_MESSAGE} bytes.
 */
public final class ArDatagram {

    /** remoted's {@code OS_MAXSTR}: its forwarded message ({@code #!-<module>_sync } + payload) stays below it. */
    static final int REMOTED_MAX_MESSAGE = 65_536;
    /** remoted reads one datagram into {@code OS_MAXSTR - 1} bytes and keeps one for the terminating NUL. */
    static final int REMOTED_MAX_DATAGRAM = 65_534;

    private static final byte[] PREFIX = "(msg_to_agent) [] N!s ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYNC_SUFFIX = "_sync ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_MODULE = 64;

    private ArDatagram() {}

    /**
     * The agent id as the manager's keystore spells it ({@code client.keys}: at least 3 digits, zero-padded), or
     * {@code null} when {@code agentId} is not a decimal id remoted could deliver to. {@code "1"}, {@code "001"} and
     * {@code "0001"} are all agent {@code 001}, as remoted compares them.
     */
    public static String keystoreId(String agentId) {
        if (agentId == null || agentId.isEmpty() || agentId.length() > 18) {
            return null;
        }
        for (int i = 0; i < agentId.length(); i++) {
            char c = agentId.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        String digits = Long.toString(Long.parseLong(agentId));
        return digits.length() >= 3 ? digits : "000".substring(digits.length()) + digits;
    }

    /** True when remoted can take {@code module} as the name of its {@code <module>_sync} header (no space, no NUL). */
    static boolean validModule(String module) {
        if (module == null || module.isEmpty() || module.length() > MAX_MODULE) {
            return false;
        }
        for (int i = 0; i < module.length(); i++) {
            char c = module.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '_'
                    || c == '-'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why remoted would not deliver this response, or {@code null} when it would. Checked before anything is
     * encoded, so a response that cannot be delivered is counted as dropped here, not lost silently in remoted.
     */
    static String undeliverable(String keystoreId, String module, int payloadBytes) {
        if (keystoreId == null) {
            return "agent id is not a decimal id";
        }
        if (!validModule(module)) {
            return "module name is not one remoted can address";
        }
        if (3 + module.length() + 6 + payloadBytes >= REMOTED_MAX_MESSAGE) {
            return "response of " + payloadBytes + " bytes does not fit remoted's 64 KiB message";
        }
        int size = size(keystoreId, module, payloadBytes);
        if (size > REMOTED_MAX_DATAGRAM) {
            return "datagram of " + size + " bytes exceeds what remoted reads";
        }
        return null;
    }

    /** The datagram's length in bytes. */
    static int size(String keystoreId, String module, int payloadBytes) {
        return PREFIX.length
                + keystoreId.length()
                + 1
                + digits(payloadBytes)
                + 1
                + module.length()
                + "_sync ".length()
                + 1
                + payloadBytes;
    }

    /** Decimal digits of a non-negative size, without formatting it (twice per response otherwise). */
    private static int digits(int n) {
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    /**
     * Writes the datagram for a deliverable response at {@code out}'s position, which must have {@link #size} bytes
     * left; the position moves past it.
     */
    static void encode(ByteBuffer out, String keystoreId, String module, byte[] payload) {
        out.put(PREFIX);
        ascii(out, keystoreId);
        out.put((byte) ' ');
        ascii(out, Integer.toString(payload.length));
        out.put((byte) ' ');
        ascii(out, module);
        out.put(SYNC_SUFFIX);
        out.put((byte) 0);
        out.put(payload);
    }

    /** {@code text} as ASCII: its callers checked it is (digits, a module name {@link #validModule} accepts). */
    private static void ascii(ByteBuffer out, String text) {
        for (int i = 0; i < text.length(); i++) {
            out.put((byte) text.charAt(i));
        }
    }
}
