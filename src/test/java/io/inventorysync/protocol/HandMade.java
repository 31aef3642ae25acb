package io.inventorysync.protocol;

import Wazuh.SyncSchema.DataBatch;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Buffers laid out byte by byte, for layouts FlatBufferBuilder never produces. */
final class HandMade {

    private HandMade() {}

    /**
     * {@code Message{End{session}}} with the End table placed so that moving its field by 4 misaligns it.
     * <pre>
     *  0 root uoffset -> 16
     *  4 Message vtable [8, 12, 4, 8]
     * 16 Message table: soffset 12, type@20 = End, content uoffset@24 -> 40
     * 28 End vtable [6, 16, 8] + padding
     * 40 End table: soffset 12, session@48
     * </pre>
     */
    static byte[] end(long session) {
        ByteBuffer bb = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, 16);
        bb.putShort(4, (short) 8).putShort(6, (short) 12).putShort(8, (short) 4).putShort(10, (short) 8);
        bb.putInt(16, 12);
        bb.put(20, MessageType.End);
        bb.putInt(24, 40 - 24);
        bb.putShort(28, (short) 6).putShort(30, (short) 16).putShort(32, (short) 8);
        bb.putInt(40, 12);
        bb.putLong(48, session);
        return bb.array();
    }

    /** {@code Message{DataBatch{values: refs}}} over tables already in {@code b}; refs may repeat. */
    static byte[] batch(FlatBufferBuilder b, int[] refs) {
        int values = DataBatch.createValuesVector(b, refs);
        int batch = DataBatch.createDataBatch(b, values);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.DataBatch, batch));
        return b.sizedByteArray();
    }
}
