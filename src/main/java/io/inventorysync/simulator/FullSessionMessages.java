package io.inventorysync.simulator;

import Wazuh.FullSessionSchema.ChecksumModule;
import Wazuh.FullSessionSchema.Cleans;
import Wazuh.FullSessionSchema.DataClean;
import Wazuh.FullSessionSchema.DataContext;
import Wazuh.FullSessionSchema.DataValue;
import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.MessageType;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import Wazuh.FullSessionSchema.SyncData;
import com.google.flatbuffers.FlatBufferBuilder;
import io.inventorysync.simulator.SimulatedAgent.Clean;
import io.inventorysync.simulator.SimulatedAgent.Context;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the second generation's request bodies, one {@code Message{FullSession}} each (fullsession-protocol.md
 * section 1): a Start and a payload of {@code SyncData} (values and contexts), {@code Cleans}, {@code ChecksumModule}
 * or none. Null strings, lists and byte arrays omit the field.
 *
 * <p>Returns the builder's own buffer (position at the message, limit at its end), not a copy: a 50,000-item session
 * is tens of MiB, and the builder is sized up front from the items so it never grows (each growth copies it whole).
 */
public final class FullSessionMessages {

    /** Room for the Start, the root tables and the vectors' headers. */
    private static final int HEAD_BYTES = 1024;
    /** Per item beyond its strings and data: table, vtable, offsets, string headers and padding. */
    private static final int ITEM_OVERHEAD = 64;

    private FullSessionMessages() {}

    /**
     * A {@code ModuleDelta}-style data session: every {@link Value} in order as a DataValue, every {@link Context} as a
     * DataContext. A {@link Clean} has no place in SyncData (it is a {@link #cleans} request of its own).
     */
    public static ByteBuffer syncData(FullSessionStart start, List<? extends Item> items) {
        FlatBufferBuilder b = new FlatBufferBuilder(estimate(start, items));
        int startTable = start(b, start);
        int[] values = new int[items.size()];
        int[] contexts = new int[items.size()];
        int valueCount = 0;
        int contextCount = 0;
        for (Item item : items) {
            if (item instanceof Value v) {
                values[valueCount++] = dataValue(b, v);
            } else if (item instanceof Context c) {
                contexts[contextCount++] =
                        DataContext.createDataContext(b, string(b, c.id()), string(b, c.index()), bytes(b, c.data()));
            } else {
                throw new IllegalArgumentException("a SyncData carries values and contexts, not " + item);
            }
        }
        int valuesVector = SyncData.createValuesVector(b, Arrays.copyOf(values, valueCount));
        int contextsVector =
                contextCount == 0 ? 0 : SyncData.createContextsVector(b, Arrays.copyOf(contexts, contextCount));
        int payload = SyncData.createSyncData(b, valuesVector, contextsVector);
        return finish(b, startTable, SessionPayload.SyncData, payload);
    }

    /** A Cleans session: one DataClean per item, in order (duplicates kept: the service collapses them). */
    public static ByteBuffer cleans(FullSessionStart start, List<Clean> cleans) {
        FlatBufferBuilder b = new FlatBufferBuilder(estimate(start, cleans));
        int startTable = start(b, start);
        int[] items = new int[cleans.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = DataClean.createDataClean(b, string(b, cleans.get(i).index()));
        }
        int payload = Cleans.createCleans(b, Cleans.createItemsVector(b, items));
        return finish(b, startTable, SessionPayload.Cleans, payload);
    }

    /** A ModuleCheck session's payload: the agent's checksum of one index. */
    public static ByteBuffer checksum(FullSessionStart start, String index, String checksum) {
        FlatBufferBuilder b = new FlatBufferBuilder(HEAD_BYTES);
        int startTable = start(b, start);
        int payload = ChecksumModule.createChecksumModule(b, string(b, index), string(b, checksum));
        return finish(b, startTable, SessionPayload.ChecksumModule, payload);
    }

    /** A session without payload (the metadata and group modes). */
    public static ByteBuffer startOnly(FullSessionStart start) {
        FlatBufferBuilder b = new FlatBufferBuilder(HEAD_BYTES);
        return finish(b, start(b, start), SessionPayload.NONE, 0);
    }

    /** A copy of the message's bytes (from its position to its limit), for callers that want an array. */
    public static byte[] bytes(ByteBuffer message) {
        byte[] copy = new byte[message.remaining()];
        message.duplicate().get(copy);
        return copy;
    }

    private static int start(FlatBufferBuilder b, FullSessionStart s) {
        int module = string(b, s.module());
        int index = s.indices() == null ? 0 : Start.createIndexVector(b, strings(b, s.indices()));
        int architecture = string(b, s.architecture());
        int hostname = string(b, s.hostname());
        int osname = string(b, s.osname());
        int osplatform = string(b, s.osplatform());
        int ostype = string(b, s.ostype());
        int osversion = string(b, s.osversion());
        int agentversion = string(b, s.agentversion());
        int agentname = string(b, s.agentname());
        int agentid = string(b, s.agentid());
        int groups = s.groups() == null ? 0 : Start.createGroupsVector(b, strings(b, s.groups()));
        int clusterName = string(b, s.clusterName());
        return Start.createStart(
                b,
                module,
                s.mode(),
                index,
                s.option(),
                architecture,
                hostname,
                osname,
                osplatform,
                ostype,
                osversion,
                agentversion,
                agentname,
                agentid,
                groups,
                s.globalVersion(),
                clusterName,
                s.feedOffset());
    }

    /** The operation byte is passed as is: both generations number Operation alike (Upsert 0, Delete 1). */
    private static int dataValue(FlatBufferBuilder b, Value v) {
        int id = string(b, v.id());
        int index = string(b, v.index());
        int data = bytes(b, v.data());
        return DataValue.createDataValue(b, v.operation(), id, index, v.version(), data);
    }

    private static ByteBuffer finish(FlatBufferBuilder b, int start, byte payloadType, int payload) {
        int session = FullSession.createFullSession(b, start, payloadType, payload);
        int message = Message.createMessage(b, MessageType.FullSession, session);
        Message.finishMessageBuffer(b, message);
        return b.dataBuffer();
    }

    private static int estimate(FullSessionStart start, List<? extends Item> items) {
        long bytes = HEAD_BYTES;
        for (String index : start.indices() == null ? List.<String>of() : start.indices()) {
            bytes += ITEM_OVERHEAD + index.length();
        }
        for (Item item : items) {
            bytes += ITEM_OVERHEAD;
            if (item instanceof Value v) {
                bytes += length(v.id()) + length(v.index()) + (v.data() == null ? 0 : v.data().length);
            } else if (item instanceof Context c) {
                bytes += length(c.id()) + length(c.index()) + (c.data() == null ? 0 : c.data().length);
            } else if (item instanceof Clean c) {
                bytes += length(c.index());
            }
        }
        // the builder grows past this if non-ASCII strings need more room; FlatBuffers cap at 2 GiB anyway
        return (int) Math.min(Integer.MAX_VALUE - 8, bytes);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static int string(FlatBufferBuilder b, String value) {
        return value == null ? 0 : b.createString(value);
    }

    private static int bytes(FlatBufferBuilder b, byte[] value) {
        return value == null ? 0 : b.createByteVector(value);
    }

    private static int[] strings(FlatBufferBuilder b, List<String> values) {
        int[] offsets = new int[values.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = b.createString(values.get(i));
        }
        return offsets;
    }
}
