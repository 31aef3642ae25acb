package io.inventorysync.protocol;

import Wazuh.SyncSchema.Message;
import com.google.flatbuffers.FlatBufferBuilder;
import java.util.List;

/** Shared helpers of the message builders: wrap a content table into a root Message and finish. */
final class MessageBytes {

    private MessageBytes() {}

    /** Finishes {@code builder} with a {@code Message{content}} root and returns exactly its bytes. */
    static byte[] finish(FlatBufferBuilder builder, byte contentType, int content) {
        int message = Message.createMessage(builder, contentType, content);
        Message.finishMessageBuffer(builder, message);
        return builder.sizedByteArray();
    }

    /** A string offset, or 0 (field omitted) for null. */
    static int string(FlatBufferBuilder builder, String value) {
        return value == null ? 0 : builder.createString(value);
    }

    /** A byte vector offset, or 0 (field omitted) for null. */
    static int bytes(FlatBufferBuilder builder, byte[] value) {
        return value == null ? 0 : builder.createByteVector(value);
    }

    /** Offsets of the strings of a string vector, or null (field omitted) for null. */
    static int[] strings(FlatBufferBuilder builder, List<String> values) {
        if (values == null) {
            return null;
        }
        int[] offsets = new int[values.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = builder.createString(values.get(i));
        }
        return offsets;
    }
}
