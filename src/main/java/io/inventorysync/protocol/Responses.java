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

    private Responses() {
    }

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

    /** {@code Message{ReqRet{seq: ranges, session}}}: asks the agent to resend the listed ranges. */
    public static byte[] reqRet(long session, List<SeqRange> ranges) {
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
