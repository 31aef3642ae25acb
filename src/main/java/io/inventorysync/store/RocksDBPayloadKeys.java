package io.inventorysync.store;

import java.nio.charset.StandardCharsets;

/**
 * The key format of session items: {@code <session>_<seq>}, each number written as its <em>unsigned</em>
 * decimal value zero-padded to 20 digits (the width of 2^64-1), so the byte order of keys is the numeric
 * order of (session, seq). Example: session 7, seq 12 → {@code 00000000000000000007_00000000000000000012}.
 *
 * <p>All of a session's keys lie in the half-open range [{@code <session>_}, {@code <session>`}) — the
 * backquote is the byte after the underscore — which is what one range delete and one bounded iterator use.
 */
public final class RocksDBPayloadKeys {

    /** Digits of each number in a key. */
    public static final int DIGITS = 20;
    /** Length in bytes of an item key. */
    public static final int KEY_LENGTH = DIGITS + 1 + DIGITS;
    /** The separator between session and seq. */
    public static final byte SEPARATOR = '_';

    private static final byte AFTER_SEPARATOR = SEPARATOR + 1;

    private RocksDBPayloadKeys() {}

    /** The key of item {@code seq} of {@code session}. */
    public static byte[] itemKey(long session, long seq) {
        return itemKey(new byte[KEY_LENGTH], session, seq);
    }

    /** Writes the key of item {@code seq} of {@code session} into {@code key} ({@link #KEY_LENGTH} bytes), returned. */
    public static byte[] itemKey(byte[] key, long session, long seq) {
        writeUnsigned(key, 0, session);
        key[DIGITS] = SEPARATOR;
        writeUnsigned(key, DIGITS + 1, seq);
        return key;
    }

    /** The first key a session can have (inclusive bound): {@code <session>_}. */
    public static byte[] sessionStart(long session) {
        byte[] key = new byte[DIGITS + 1];
        writeUnsigned(key, 0, session);
        key[DIGITS] = SEPARATOR;
        return key;
    }

    /** The first key after all of a session's keys (exclusive bound): {@code <session>`}. */
    public static byte[] sessionEnd(long session) {
        byte[] key = sessionStart(session);
        key[DIGITS] = AFTER_SEPARATOR;
        return key;
    }

    /** The session part of an item key. */
    public static long session(byte[] itemKey) {
        checkItemKey(itemKey);
        return readUnsigned(itemKey, 0);
    }

    /** The seq part of an item key. */
    public static long seq(byte[] itemKey) {
        checkItemKey(itemKey);
        return readUnsigned(itemKey, DIGITS + 1);
    }

    /** The key as text, for logs. */
    public static String format(long session, long seq) {
        return new String(itemKey(session, seq), StandardCharsets.US_ASCII);
    }

    private static void checkItemKey(byte[] key) {
        if (key.length != KEY_LENGTH || key[DIGITS] != SEPARATOR) {
            throw new IllegalArgumentException("Not an item key (expected <20 digits>_<20 digits>): "
                    + new String(key, StandardCharsets.US_ASCII));
        }
    }

    /** Writes {@code value} as unsigned decimal, zero-padded to 20 digits, at {@code offset}. */
    static void writeUnsigned(byte[] out, int offset, long value) {
        int pos = offset + DIGITS - 1;
        long v = value;
        if (v < 0) {
            // top bit set: take one unsigned division step, then the rest is a positive long
            long quotient = Long.divideUnsigned(v, 10);
            out[pos--] = (byte) ('0' + (v - quotient * 10));
            v = quotient;
        }
        while (pos >= offset) {
            out[pos--] = (byte) ('0' + (v % 10));
            v /= 10;
        }
    }

    static long readUnsigned(byte[] in, int offset) {
        long v = 0;
        for (int i = offset; i < offset + DIGITS; i++) {
            int d = in[i] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("Not a digit at byte " + i + " of a payload key");
            }
            v = v * 10 + d; // wraps exactly like unsigned arithmetic for values up to 2^64-1
        }
        return v;
    }
}
