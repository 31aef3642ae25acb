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

    /** The header of a response to an agent: {@code <agent3> <module>_sync}. */
    public static String responseHeader(String agentId, String module) {
        return agentId + " " + module + "_sync";
    }

    /** A frame from its header as ASCII. */
    public static RouterFrame of(String header, byte[] body) {
        return new RouterFrame(header, body);
    }

    byte[] headerBytes() {
        return header.getBytes(StandardCharsets.US_ASCII);
    }
}
