package io.inventorysync.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * FlatBuffers strings of the hot path (a Start's agent id and module) decoded by the JDK's UTF-8 decoder, which
 * copies ASCII with vector instructions where FlatBuffers' {@code Utf8Safe} decodes char by char. Only for messages
 * {@link MessageVerifier} found well-formed, where both decode alike. Called per field, from the field's
 * {@code ...AsByteBuffer()} view, so FlatBuffers' JVM-wide default decoder stays as it is.
 */
public final class FlatStrings {

    private FlatStrings() {}

    /** The string of a {@code ...AsByteBuffer()} view; an absent field is the empty string. */
    public static String of(ByteBuffer utf8) {
        if (utf8 == null) {
            return "";
        }
        if (utf8.hasArray()) {
            return new String(
                    utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining(), StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[utf8.remaining()];
        utf8.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
