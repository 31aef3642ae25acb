package io.inventorysync.protocol;

import com.google.flatbuffers.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent and host strings of a verified {@code Start} ({@code agentname}, {@code agentversion},
 * {@code architecture}, {@code hostname}, {@code osname}, {@code osplatform}, {@code ostype}, {@code osversion},
 * {@code groups}), copied out of the frame as raw UTF-8 into one small array, to be decoded when the session is
 * indexed.
 *
 * <p>Why a copy: a session lives until its End, and keeping the Start table to read these later kept its whole frame
 * (up to 1 MiB, whatever padding it carried) for every open session. Why raw bytes: decoding a dozen strings per
 * Start cost burst throughput for sessions that mostly never get that far; copying a few hundred bytes costs one
 * allocation. The copy is bounded by the verifier's Start caps ({@link WireSchema#MAX_START_DECODED}).
 *
 * <p>Layout: for each of the eight strings in the order above a 2-byte length and its bytes (absent: length 0),
 * then a 2-byte group count and each group as a 2-byte length and its bytes.
 */
public final class StartMetadataBytes extends Table {

    /** vtable offsets of the Start's fields (slot n at 4 + 2n), in the order copied. */
    private static final int[] STRINGS = {28, 26, 14, 16, 18, 20, 22, 24};

    private static final int GROUPS = 32;

    /** A view to reuse over the Starts of one thread: {@code message.content(view)} points it at a Start. */
    public StartMetadataBytes() {}

    /** The packed strings of the Start this view was pointed at ({@code Message.content(this)}). */
    public byte[] copy() {
        int size = 2;
        for (int field : STRINGS) {
            size += 2 + length(string(field));
        }
        int groups = __offset(GROUPS);
        int vector = groups == 0 ? 0 : __vector(groups);
        int count = groups == 0 ? 0 : __vector_len(groups);
        for (int i = 0; i < count; i++) {
            size += 2 + length(__indirect(vector + 4 * i));
        }
        byte[] packed = new byte[size];
        int at = 0;
        for (int field : STRINGS) {
            at = put(packed, at, string(field));
        }
        at = putShort(packed, at, count);
        for (int i = 0; i < count; i++) {
            at = put(packed, at, __indirect(vector + 4 * i));
        }
        return packed;
    }

    /** The eight strings, in the order of the class comment, then the groups. */
    public record Unpacked(List<String> strings, List<String> groups) {}

    public static Unpacked unpack(byte[] packed) {
        int[] at = {0};
        List<String> strings = new ArrayList<>(STRINGS.length);
        for (int i = 0; i < STRINGS.length; i++) {
            strings.add(read(packed, at));
        }
        int count = readShort(packed, at);
        List<String> groups = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            groups.add(read(packed, at));
        }
        return new Unpacked(List.copyOf(strings), List.copyOf(groups));
    }

    /** Position of the string's length field, or -1 when absent. */
    private int string(int field) {
        int o = __offset(field);
        return o == 0 ? -1 : __indirect(o + bb_pos);
    }

    private int length(int string) {
        return string < 0 ? 0 : bb.getInt(string);
    }

    private int put(byte[] packed, int at, int string) {
        int length = length(string);
        at = putShort(packed, at, length);
        if (length > 0) {
            bb.get(string + 4, packed, at, length);
        }
        return at + length;
    }

    private static int putShort(byte[] packed, int at, int value) {
        if (value > 0xFFFF) {
            // the verifier caps every string and list far below this
            throw new IllegalArgumentException(
                    "Start field of " + value + " bytes or entries is over the verifier's caps");
        }
        packed[at] = (byte) (value >>> 8);
        packed[at + 1] = (byte) value;
        return at + 2;
    }

    private static int readShort(byte[] packed, int[] at) {
        int value = (packed[at[0]] & 0xFF) << 8 | packed[at[0] + 1] & 0xFF;
        at[0] += 2;
        return value;
    }

    private static String read(byte[] packed, int[] at) {
        int length = readShort(packed, at);
        String value = new String(packed, at[0], length, StandardCharsets.UTF_8);
        at[0] += length;
        return value;
    }
}
