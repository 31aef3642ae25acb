package io.inventorysync.router;

import java.nio.charset.StandardCharsets;

/**
 * One router frame: an ASCII header (possibly empty) and a body.
 *
 * <p>On the wire: {@code packetSize:u32le, headerSize:u32le, header, body}, where packetSize counts every byte after
 * itself.
 */
public record RouterFrame(String header, byte[] body) {

    /** The header the router puts on published messages. */
    public static final String PUBLISH_HEADER = "P";

    /** The bytes this frame takes on the wire, length fields included. */
    public int wireSize() {
        return 8 + header.length() + body.length;
    }

    /**
     * The header of a response to an agent: {@code <agent3> <module>_sync}. An admitted session's agent id and module
     * are already checked; a refused Start's are as received, so anything but printable ASCII without spaces becomes
     * {@code ?} and each part is cut at 64 characters: the header is one ASCII token pair on the wire (a non-ASCII
     * character would also make {@link #wireSize} disagree with the encoded bytes), and it reaches log lines.
     */
    public static String responseHeader(String agentId, String module) {
        return headerToken(agentId) + " " + headerToken(module) + "_sync";
    }

    private static String headerToken(String text) {
        int n = Math.min(text.length(), 64);
        int i = 0;
        while (i < n && text.charAt(i) > 0x20 && text.charAt(i) <= 0x7e) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(n).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            out.append(c > 0x20 && c <= 0x7e ? c : '?');
        }
        return out.toString();
    }

    /** A frame from its header as ASCII. */
    public static RouterFrame of(String header, byte[] body) {
        return new RouterFrame(header, body);
    }

    byte[] headerBytes() {
        return header.getBytes(StandardCharsets.US_ASCII);
    }
}
