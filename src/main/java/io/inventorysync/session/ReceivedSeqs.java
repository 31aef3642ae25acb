package io.inventorysync.session;

import io.inventorysync.protocol.SeqRange;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The sequence numbers an open session received, as one bit per declared item, and what its last {@code ReqRet}
 * asked for (behaviour.md §3).
 *
 * <p>Adding a seq is O(1) in any order (a hole-per-message order cost O(n) per message with sorted ranges). Memory is
 * bounded by the declared size, which admission charges against the item quota: at most {@code size / 8} bytes,
 * allocated with the first seq, so a session that never receives costs nothing here.
 *
 * <p>A {@code ReqRet} asks for the first missing ranges that fit, so everything missing up to its last range was
 * asked for: counting how many of those arrive tells in O(1) when it was answered in full.
 *
 * <p>Not thread-safe: the aggregation strategy uses it under the aggregator's lock.
 */
final class ReceivedSeqs {

    private final long size;
    private BitSet bits;
    private long received;
    // the last ReqRet: seqs up to askedUpTo that were missing when it was sent, and how many of them are still missing
    private long askedUpTo = -1;
    private long askedMissing;

    ReceivedSeqs(long size) {
        if (size > Integer.MAX_VALUE) {
            // admission keeps size within the item quota, itself capped (SessionLimits)
            throw new IllegalArgumentException(
                    "session size " + Long.toUnsignedString(size) + " is too large to track");
        }
        this.size = size;
    }

    /**
     * Marks {@code seq} received; a seq outside {@code 0..size-1} or seen before changes nothing.
     *
     * @return true when {@code seq} was new
     */
    boolean add(long seq) {
        if (seq < 0 || seq >= size) {
            return false;
        }
        if (bits == null) {
            bits = new BitSet((int) size);
        }
        int i = (int) seq;
        if (bits.get(i)) {
            return false;
        }
        bits.set(i);
        received++;
        if (seq <= askedUpTo) {
            askedMissing--;
        }
        return true;
    }

    long received() {
        return received;
    }

    boolean isComplete() {
        return received == size;
    }

    /** Whether a ReqRet was sent and every seq it asked for has arrived since. */
    boolean askedAllArrived() {
        return askedUpTo >= 0 && askedMissing == 0;
    }

    /** The seq after the last one the previous ReqRet asked for (0 when none was sent). */
    long afterAsked() {
        return askedUpTo + 1;
    }

    /**
     * The first at most {@code maxRanges} missing inclusive ranges from {@code from} on, ascending, recorded as what
     * the ReqRet being sent asks for. Costs O(ranges + size/64) at most.
     */
    List<SeqRange> ask(long from, int maxRanges) {
        List<SeqRange> ranges = new ArrayList<>(Math.min(maxRanges, 64));
        long missing = 0;
        long last = from - 1;
        int next = (int) Math.min(from, size);
        while (ranges.size() < maxRanges && next < size) {
            int begin = bits == null ? next : bits.nextClearBit(next);
            if (begin >= size) {
                break;
            }
            int setAfter = bits == null ? -1 : bits.nextSetBit(begin);
            long end = setAfter < 0 || setAfter >= size ? size - 1 : setAfter - 1;
            ranges.add(new SeqRange(begin, end));
            missing += end - begin + 1;
            last = end;
            next = (int) end + 1;
        }
        // everything missing before `from` was asked for and arrived (the caller asks from 0 otherwise)
        askedMissing = missing;
        askedUpTo = last;
        return ranges;
    }
}
