package io.inventorysync.protocol;

import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Pair;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.StartAck;
import com.google.flatbuffers.FlatBufferBuilder;
import java.util.List;

/** Builds the bodies Inventory Sync sends back to an agent: {@code Message{StartAck|EndAck|ReqRet}}. */
public final class Responses {

    /** {@code StartAck.session} of a refused Start: all bits set (18446744073709551615 unsigned). */
    public static final long REFUSED_SESSION = -1L;

    /**
     * Largest FlatBuffer a response may be. The manager's datagram path (wazuh-manager-transport.md §4) drops a response
     * whose {@code "#!-<module>_sync "} + payload reaches 65,536 bytes; with modules of at most 64 characters that
     * prefix is at most 73 bytes, and the AR header {@code (msg_to_agent) [] N!s <agent> <size> <module>_sync \0} at
     * most ~120: 60,000 leaves more than 5 KiB of margin, whichever path the response takes.
     */
    public static final int MAX_RESPONSE_BYTES = 60_000;
    /** Bytes of a ReqRet besides its ranges, at most: the root, the Message and ReqRet tables, vtables, the session. */
    static final int REQRET_FIXED_BYTES = 128;
    /** Bytes one range costs in a ReqRet at most: a Pair table (vtable offset, two ulongs, padding) and its offset. */
    static final int REQRET_RANGE_BYTES = 28;
    /** Ranges a ReqRet carries at most, so that it stays within {@link #MAX_RESPONSE_BYTES} (2,138). */
    public static final int MAX_REQRET_RANGES = (MAX_RESPONSE_BYTES - REQRET_FIXED_BYTES) / REQRET_RANGE_BYTES;

    private Responses() {}

    /** {@code Message{StartAck{status, session}}}; {@code status} is a {@code Wazuh.SyncSchema.Status} value. */
    public static byte[] startAck(byte status, long session) {
        FlatBufferBuilder builder = new FlatBufferBuilder(64);
        int ack = StartAck.createStartAck(builder, status, session);
        return MessageBytes.finish(builder, MessageType.StartAck, ack);
    }

    /** {@code Message{EndAck{status, session}}}; {@code status} is a {@code Wazuh.SyncSchema.Status} value. */
    public static byte[] endAck(byte status, long session) {
        FlatBufferBuilder builder = new FlatBufferBuilder(64);
        int ack = EndAck.createEndAck(builder, status, session);
        return MessageBytes.finish(builder, MessageType.EndAck, ack);
    }

    /**
     * {@code Message{ReqRet{seq: ranges, session}}}: asks the agent to resend the listed ranges. At most
     * {@link #MAX_REQRET_RANGES} ranges, so that the response fits in one datagram.
     */
    public static byte[] reqRet(long session, List<SeqRange> ranges) {
        if (ranges.size() > MAX_REQRET_RANGES) {
            throw new IllegalArgumentException(
                    ranges.size() + " ranges do not fit in one ReqRet (at most " + MAX_REQRET_RANGES + ")");
        }
        FlatBufferBuilder builder = new FlatBufferBuilder(64 + ranges.size() * 32);
        int[] pairs = new int[ranges.size()];
        for (int i = 0; i < pairs.length; i++) {
            SeqRange range = ranges.get(i);
            pairs[i] = Pair.createPair(builder, range.begin(), range.end());
        }
        int seq = ReqRet.createSeqVector(builder, pairs);
        int reqRet = ReqRet.createReqRet(builder, seq, session);
        return MessageBytes.finish(builder, MessageType.ReqRet, reqRet);
    }
}
