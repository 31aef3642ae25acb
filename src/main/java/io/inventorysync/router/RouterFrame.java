package io.inventorysync.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One router frame: an ASCII header (possibly empty) and a body.
 *
 * <p>On the wire: {@code packetSize:u32le, headerSize:u32le, header, body}, where packetSize counts every byte after
 * itself. This class writes that layout ({@link #writeTo}, {@link #bytesOf}) and reads it from a stream
 * ({@link #read}); {@link RouterFrameDecoder} reads it from Netty buffers with the service's limits.
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

    /** Writes the frame in its wire layout. */
    public void writeTo(ByteBuf out) {
        byte[] headerBytes = headerBytes();
        out.writeIntLE(4 + headerBytes.length + body.length);
        out.writeIntLE(headerBytes.length);
        out.writeBytes(headerBytes);
        out.writeBytes(body);
    }

    /** The frame's wire bytes, for clients and tests that do not use Netty. */
    public static byte[] bytesOf(RouterFrame frame) {
        byte[] bytes = new byte[frame.wireSize()];
        frame.writeTo(Unpooled.wrappedBuffer(bytes).writerIndex(0));
        return bytes;
    }

    /** The next frame of a blocking stream; an {@link IOException} when its length fields do not fit together. */
    public static RouterFrame read(DataInputStream in) throws IOException {
        int packetSize = Integer.reverseBytes(in.readInt());
        int headerSize = Integer.reverseBytes(in.readInt());
        if (packetSize < 4 || headerSize < 0 || headerSize > packetSize - 4) {
            throw new IOException("malformed frame: packetSize " + packetSize + ", headerSize " + headerSize);
        }
        byte[] header = new byte[headerSize];
        in.readFully(header);
        byte[] body = new byte[packetSize - 4 - headerSize];
        in.readFully(body);
        return new RouterFrame(new String(header, StandardCharsets.US_ASCII), body);
    }

    /** A frame from its header as ASCII. */
    public static RouterFrame of(String header, byte[] body) {
        return new RouterFrame(header, body);
    }

    byte[] headerBytes() {
        return header.getBytes(StandardCharsets.US_ASCII);
    }
}
