package io.inventorysync.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Little helpers for the binary formats of this package: unsigned LEB128 varints, length-prefixed byte
 * strings, and a reader that reports truncation as a clear error. Package-private on purpose.
 */
final class RocksDBBytes {

    private RocksDBBytes() {}

    /** A growable byte array with varint writers. Not thread-safe. */
    static final class Writer {
        private byte[] buf;
        private int len;

        Writer(int initialCapacity) {
            buf = new byte[Math.max(16, initialCapacity)];
        }

        private void ensure(int extra) {
            int needed = len + extra;
            if (needed > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
            }
        }

        Writer writeByte(int b) {
            ensure(1);
            buf[len++] = (byte) b;
            return this;
        }

        /** Writes {@code v} as an unsigned varint (all 64 bits; at most 10 bytes). */
        Writer writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
            return this;
        }

        /** Writes a signed value with zig-zag encoding, so small negative numbers stay short. */
        Writer writeZigZag(long v) {
            return writeVarLong((v << 1) ^ (v >> 63));
        }

        Writer writeBytes(byte[] b) {
            writeVarLong(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        Writer writeString(String s) {
            return writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    /** Reads what {@link Writer} wrote; every read checks bounds and names {@code what} on failure. */
    static final class Reader {
        private final byte[] buf;
        private final String what;
        private int pos;

        Reader(byte[] buf, String what) {
            this.buf = buf;
            this.what = what;
        }

        private IllegalArgumentException truncated() {
            return new IllegalArgumentException("Corrupt " + what + ": truncated at byte " + pos + " of " + buf.length);
        }

        int readByte() {
            if (pos >= buf.length) {
                throw truncated();
            }
            return buf[pos++] & 0xFF;
        }

        long readVarLong() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("Corrupt " + what + ": varint longer than 10 bytes at byte " + pos);
        }

        long readZigZag() {
            long v = readVarLong();
            return (v >>> 1) ^ -(v & 1);
        }

        int readLength() {
            long n = readVarLong();
            if (n < 0 || n > buf.length - pos) {
                throw new IllegalArgumentException("Corrupt " + what + ": length " + n + " exceeds the "
                        + (buf.length - pos) + " remaining byte(s) at byte " + pos);
            }
            return (int) n;
        }

        byte[] readBytes() {
            int n = readLength();
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        String readString() {
            int n = readLength();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void expectEnd() {
            if (pos != buf.length) {
                throw new IllegalArgumentException(
                        "Corrupt " + what + ": " + (buf.length - pos) + " unexpected trailing byte(s)");
            }
        }
    }
}
