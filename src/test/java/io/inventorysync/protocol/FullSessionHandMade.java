package io.inventorysync.protocol;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Second-generation buffers written from fullsession-protocol.md §1 alone, without the generated builders: byte by
 * byte for layouts FlatBufferBuilder never produces, and slot by slot (slot numbers straight from the spec's
 * declaration order) for whole sessions.
 */
final class FullSessionHandMade {

    /** Discriminants from the spec: MessageType.FullSession, SessionPayload members. */
    static final byte FULL_SESSION = 6;

    static final byte SYNC_DATA = 1;
    static final byte CLEANS = 2;
    static final byte CHECKSUM_MODULE = 3;

    /** Positions of tables in {@link #session}. */
    static final int FULL_SESSION_TABLE = 40;

    static final int START_TABLE = 88;

    /** String slots of Start in spec order: module, architecture .. agentid, cluster_name. */
    static final int[] START_STRING_SLOTS = {0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15};

    private FullSessionHandMade() {}

    /**
     * {@code Message{FullSession{start: Start{global_version}}}}, the FullSession's vtable too short for the payload
     * (absent, NONE), laid out so that moving a field by 2 or 4 misaligns it.
     * <pre>
     *  0 root uoffset -> 16
     *  4 Message vtable [8, 12, 4, 8]
     * 16 Message table: soffset 12, type@20 = FullSession, content uoffset@24 -> 40
     * 28 FullSession vtable [6, 12, 4] + padding
     * 40 FullSession table: soffset 12, start uoffset@44 -> 88, padding to 52
     * 52 Start vtable [34, 16, 0 x 14, 8] (slot 14: global_version) + padding
     * 88 Start table: soffset 36, padding, global_version@96
     * </pre>
     */
    static byte[] session(long globalVersion) {
        ByteBuffer bb = ByteBuffer.allocate(104).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, 16);
        bb.putShort(4, (short) 8).putShort(6, (short) 12).putShort(8, (short) 4).putShort(10, (short) 8);
        bb.putInt(16, 12);
        bb.put(20, FULL_SESSION);
        bb.putInt(24, 40 - 24);
        bb.putShort(28, (short) 6).putShort(30, (short) 12).putShort(32, (short) 4);
        bb.putInt(40, 12);
        bb.putInt(44, 88 - 44);
        bb.putShort(52, (short) 34).putShort(54, (short) 16).putShort(52 + 4 + 2 * 14, (short) 8);
        bb.putInt(88, 88 - 52);
        bb.putLong(96, globalVersion);
        return bb.array();
    }

    /**
     * A whole {@code Message{FullSession}} with a Start holding its own slot numbers as text and numbers, and the
     * payload {@code payloadType} (0: none): SyncData of two values and one context, Cleans of two items, or
     * ChecksumModule.
     */
    static byte[] rawSession(byte payloadType) {
        FlatBufferBuilder b = new FlatBufferBuilder(1024);
        int payload = switch (payloadType) {
            case 0 -> 0;
            case SYNC_DATA -> rawSyncData(b);
            case CLEANS -> rawCleans(b);
            case CHECKSUM_MODULE -> rawChecksum(b);
            default -> throw new IllegalArgumentException("payload " + payloadType);
        };
        int start = rawStart(b);
        b.startTable(3);
        b.addOffset(0, start, 0); // start
        b.addByte(1, payloadType, 0); // payload_type
        b.addOffset(2, payload, 0); // payload
        int session = b.endTable();
        return message(b, FULL_SESSION, session);
    }

    /** {@code Message{content}}: content_type in slot 0, content in slot 1. */
    static byte[] message(FlatBufferBuilder b, byte type, int content) {
        b.startTable(2);
        b.addOffset(1, content, 0);
        b.addByte(0, type, 0);
        b.finish(b.endTable());
        return b.sizedByteArray();
    }

    static int rawStart(FlatBufferBuilder b) {
        int[] strings = new int[START_STRING_SLOTS.length];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = b.createString("s" + START_STRING_SLOTS[i]);
        }
        int index = b.createVectorOfTables(new int[] {b.createString("ix")});
        int groups = b.createVectorOfTables(new int[] {b.createString("g1"), b.createString("g2")});
        b.startTable(17);
        for (int i = 0; i < strings.length; i++) {
            b.addOffset(START_STRING_SLOTS[i], strings[i], 0);
        }
        b.addByte(1, (byte) 1, 0); // mode: ModuleCheck
        b.addOffset(2, index, 0); // index
        b.addByte(3, (byte) 2, 0); // option: VDSync
        b.addOffset(13, groups, 0); // groups
        b.addLong(14, 414, 0); // global_version
        b.addLong(16, 416, 0); // feed_offset
        return b.endTable();
    }

    /** values: [DataValue{operation 1, id "v0", index "ix0", version 100, data [0]}, DataValue{id "v1", ...}]. */
    static int rawSyncData(FlatBufferBuilder b) {
        int[] values = new int[2];
        for (int i = 0; i < values.length; i++) {
            int id = b.createString("v" + i);
            int index = b.createString("ix" + i);
            int data = b.createByteVector(new byte[] {(byte) i, 42});
            b.startTable(5);
            b.addByte(0, (byte) 1, 0); // operation
            b.addOffset(1, id, 0);
            b.addOffset(2, index, 0);
            b.addLong(3, 100 + i, 0); // version
            b.addOffset(4, data, 0);
            values[i] = b.endTable();
        }
        int id = b.createString("c0");
        int index = b.createString("cix");
        int data = b.createByteVector(new byte[] {9});
        b.startTable(3);
        b.addOffset(0, id, 0);
        b.addOffset(1, index, 0);
        b.addOffset(2, data, 0);
        int context = b.endTable();
        int valuesVector = b.createVectorOfTables(values);
        int contextsVector = b.createVectorOfTables(new int[] {context});
        b.startTable(2);
        b.addOffset(0, valuesVector, 0); // values
        b.addOffset(1, contextsVector, 0); // contexts
        return b.endTable();
    }

    static int rawCleans(FlatBufferBuilder b) {
        int[] items = new int[2];
        for (int i = 0; i < items.length; i++) {
            int index = b.createString("clean" + i);
            b.startTable(1);
            b.addOffset(0, index, 0);
            items[i] = b.endTable();
        }
        int vector = b.createVectorOfTables(items);
        b.startTable(1);
        b.addOffset(0, vector, 0); // items
        return b.endTable();
    }

    static int rawChecksum(FlatBufferBuilder b) {
        int index = b.createString("cix");
        int checksum = b.createString("cs");
        b.startTable(2);
        b.addOffset(0, index, 0);
        b.addOffset(1, checksum, 0);
        return b.endTable();
    }
}
