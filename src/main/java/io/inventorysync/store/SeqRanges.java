package io.inventorysync.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The set of received sequence numbers of a session, kept as sorted, disjoint, non-adjacent inclusive ranges.
 *
 * <p>Receiving {@code 0..n-1} in order leaves one range, so a session summary holding a {@code SeqRanges}
 * stays a few bytes whatever the number of items; out-of-order arrival costs one range per hole. Adding the
 * next sequence number is O(1); any other add is O(log r) plus an array shift over r ranges.
 *
 * <p>Sequence numbers are non-negative {@code long}s. Not thread-safe.
 *
 * <p>Binary form ({@link #toBytes()}), version 1: a version byte {@code 1}; the range count as a varint;
 * then per range the gap from the end of the previous range (the first range: its start) and its length
 * minus one, both as unsigned LEB128 varints. In-order reception therefore encodes in 3 to 12 bytes.
 */
public final class SeqRanges {

    /** Version byte written first by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;

    /** One inclusive range {@code first..last}. */
    public record Range(long first, long last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("Invalid range " + first + ".." + last);
            }
        }

        /** Number of sequence numbers in the range. */
        public long count() {
            return last - first + 1;
        }

        @Override
        public String toString() {
            return first == last ? Long.toString(first) : first + ".." + last;
        }
    }

    private long[] starts;
    private long[] ends;
    private int count;
    private long received;

    /** Creates an empty set. */
    public SeqRanges() {
        starts = new long[4];
        ends = new long[4];
    }

    /**
     * Marks {@code seq} as received.
     *
     * @return {@code true} if it was not received before
     * @throws IllegalArgumentException if {@code seq} is negative
     */
    public boolean add(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("Negative seq " + seq);
        }
        int last = count - 1;
        // fast path: the next number in order
        if (last >= 0 && ends[last] + 1 == seq) {
            ends[last] = seq;
            received++;
            return true;
        }
        int i = floorIndex(seq);
        if (i >= 0 && ends[i] >= seq) {
            return false;
        }
        boolean joinsLeft = i >= 0 && ends[i] == seq - 1;
        boolean joinsRight = i + 1 < count && seq < Long.MAX_VALUE && starts[i + 1] == seq + 1;
        if (joinsLeft && joinsRight) {
            ends[i] = ends[i + 1];
            removeAt(i + 1);
        } else if (joinsLeft) {
            ends[i] = seq;
        } else if (joinsRight) {
            starts[i + 1] = seq;
        } else {
            insertAt(i + 1, seq, seq);
        }
        received++;
        return true;
    }

    /** Whether {@code seq} was received. */
    public boolean contains(long seq) {
        int i = floorIndex(seq);
        return i >= 0 && ends[i] >= seq;
    }

    /** How many distinct sequence numbers were received. */
    public long receivedCount() {
        return received;
    }

    /** Number of disjoint ranges held (1 after in-order reception, 0 when empty). */
    public int rangeCount() {
        return count;
    }

    /** Whether every sequence number in {@code 0..size-1} was received. */
    public boolean isComplete(long size) {
        return size <= 0 || (count > 0 && starts[0] == 0 && ends[0] >= size - 1);
    }

    /**
     * The sequence numbers of {@code 0..size-1} not received, as inclusive ranges in ascending order.
     * Received numbers {@code >= size} are ignored.
     */
    public List<Range> missing(long size) {
        if (size <= 0) {
            return Collections.emptyList();
        }
        List<Range> out = new ArrayList<>();
        long next = 0;
        for (int i = 0; i < count && next < size; i++) {
            if (starts[i] > next) {
                out.add(new Range(next, Math.min(starts[i] - 1, size - 1)));
            }
            next = Math.max(next, ends[i] + 1);
        }
        if (next < size) {
            out.add(new Range(next, size - 1));
        }
        return out;
    }

    /** The received ranges in ascending order. */
    public List<Range> ranges() {
        List<Range> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new Range(starts[i], ends[i]));
        }
        return out;
    }

    /** The compact binary form described in the class comment. */
    public byte[] toBytes() {
        RocksDBBytes.Writer w = new RocksDBBytes.Writer(2 + count * 4);
        w.writeByte(FORMAT_VERSION).writeVarLong(count);
        long prevEnd = -1;
        for (int i = 0; i < count; i++) {
            w.writeVarLong(starts[i] - prevEnd - 1);
            w.writeVarLong(ends[i] - starts[i]);
            prevEnd = ends[i];
        }
        return w.toByteArray();
    }

    /**
     * Reads the form written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are truncated, inconsistent or of an unknown version
     */
    public static SeqRanges fromBytes(byte[] bytes) {
        RocksDBBytes.Reader r = new RocksDBBytes.Reader(bytes, "SeqRanges");
        int version = r.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("Unsupported SeqRanges format version " + version
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
        long n = r.readVarLong();
        if (n < 0 || n > bytes.length) {
            throw new IllegalArgumentException("Corrupt SeqRanges: range count " + n);
        }
        SeqRanges out = new SeqRanges();
        int size = (int) n;
        out.starts = new long[Math.max(4, size)];
        out.ends = new long[Math.max(4, size)];
        long prevEnd = -1;
        for (int i = 0; i < size; i++) {
            long start = prevEnd + 1 + r.readVarLong();
            long end = start + r.readVarLong();
            if (start < 0 || end < start || (i > 0 && start <= prevEnd + 1)) {
                throw new IllegalArgumentException(
                        "Corrupt SeqRanges: range " + i + " overflows or touches its predecessor");
            }
            out.starts[i] = start;
            out.ends[i] = end;
            out.received += end - start + 1;
            prevEnd = end;
        }
        out.count = size;
        r.expectEnd();
        return out;
    }

    /** Index of the last range whose start is {@code <= seq}, or -1. */
    private int floorIndex(long seq) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= seq) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    private void insertAt(int i, long start, long end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        System.arraycopy(starts, i, starts, i + 1, count - i);
        System.arraycopy(ends, i, ends, i + 1, count - i);
        starts[i] = start;
        ends[i] = end;
        count++;
    }

    private void removeAt(int i) {
        System.arraycopy(starts, i + 1, starts, i, count - i - 1);
        System.arraycopy(ends, i + 1, ends, i, count - i - 1);
        count--;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeqRanges other) || other.count != count) {
            return false;
        }
        return Arrays.equals(starts, 0, count, other.starts, 0, count)
                && Arrays.equals(ends, 0, count, other.ends, 0, count);
    }

    @Override
    public int hashCode() {
        int h = count;
        for (int i = 0; i < count; i++) {
            h = 31 * h + Long.hashCode(starts[i]);
            h = 31 * h + Long.hashCode(ends[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return ranges().toString();
    }
}
