package io.inventorysync.protocol;

import com.google.flatbuffers.Utf8;
import com.google.flatbuffers.Utf8Safe;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * FlatBuffers string decoding through the JDK's UTF-8 decoder, which copies ASCII with vector instructions where
 * FlatBuffers' {@link Utf8Safe} decodes char by char (the largest single cost of reading a Start). Strings are read
 * only from messages {@link MessageVerifier} found well-formed, where both decode alike; on a malformed sequence the
 * JDK substitutes U+FFFD instead of throwing. Encoding stays with {@link Utf8Safe}.
 */
public final class JdkUtf8 extends Utf8 {

    private static final Utf8 ENCODER = new Utf8Safe();

    /** Makes this the decoder of every FlatBuffers table created from now on (a table takes the default when built). */
    public static void install() {
        Utf8.setDefault(new JdkUtf8());
    }

    @Override
    public int encodedLength(CharSequence in) {
        return ENCODER.encodedLength(in);
    }

    @Override
    public void encodeUtf8(CharSequence in, ByteBuffer out) {
        ENCODER.encodeUtf8(in, out);
    }

    @Override
    public String decodeUtf8(ByteBuffer buffer, int offset, int length) {
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + offset, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
