package io.inventorysync.protocol;

import Wazuh.SyncSchema.ChecksumModule;
import Wazuh.SyncSchema.DataBatch;
import Wazuh.SyncSchema.DataClean;
import Wazuh.SyncSchema.DataContext;
import Wazuh.SyncSchema.DataValue;
import Wazuh.SyncSchema.End;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Start;
import com.google.flatbuffers.FlatBufferBuilder;
import java.util.List;

/**
 * Builds the bodies an agent sends ({@code Message{Start|DataValue|DataBatch|DataContext|DataClean|
 * ChecksumModule|End}}), for agent simulators and tests. Null strings, lists and byte arrays omit the field.
 */
public final class AgentMessages {

    private AgentMessages() {}

    public static byte[] start(StartSpec spec) {
        FlatBufferBuilder b = new FlatBufferBuilder(512);
        int module = MessageBytes.string(b, spec.module());
        int[] indexStrings = MessageBytes.strings(b, spec.indices());
        int index = indexStrings == null ? 0 : Start.createIndexVector(b, indexStrings);
        int architecture = MessageBytes.string(b, spec.architecture());
        int hostname = MessageBytes.string(b, spec.hostname());
        int osname = MessageBytes.string(b, spec.osname());
        int osplatform = MessageBytes.string(b, spec.osplatform());
        int ostype = MessageBytes.string(b, spec.ostype());
        int osversion = MessageBytes.string(b, spec.osversion());
        int agentversion = MessageBytes.string(b, spec.agentversion());
        int agentname = MessageBytes.string(b, spec.agentname());
        int agentid = MessageBytes.string(b, spec.agentid());
        int[] groupStrings = MessageBytes.strings(b, spec.groups());
        int groups = groupStrings == null ? 0 : Start.createGroupsVector(b, groupStrings);
        int clusterName = MessageBytes.string(b, spec.clusterName());
        int clusterNode = MessageBytes.string(b, spec.clusterNode());
        int start = Start.createStart(
                b,
                module,
                spec.mode(),
                spec.size(),
                index,
                spec.option(),
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
                spec.globalVersion(),
                clusterName,
                clusterNode);
        return MessageBytes.finish(b, MessageType.Start, start);
    }

    public static byte[] dataValue(
            long seq, long session, byte operation, String id, String index, long version, byte[] data) {
        return dataValue(new DataValueSpec(seq, session, operation, id, index, version, data));
    }

    public static byte[] dataValue(DataValueSpec spec) {
        FlatBufferBuilder b = new FlatBufferBuilder(128 + length(spec.data()));
        return MessageBytes.finish(b, MessageType.DataValue, dataValueTable(b, spec));
    }

    /** One DataBatch carrying {@code values} in order (each keeps its own seq and session). */
    public static byte[] dataBatch(List<DataValueSpec> values) {
        int estimate = 64;
        for (DataValueSpec value : values) {
            estimate += 128 + length(value.data());
        }
        FlatBufferBuilder b = new FlatBufferBuilder(estimate);
        int[] tables = new int[values.size()];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = dataValueTable(b, values.get(i));
        }
        int batch = DataBatch.createDataBatch(b, DataBatch.createValuesVector(b, tables));
        return MessageBytes.finish(b, MessageType.DataBatch, batch);
    }

    public static byte[] dataContext(long seq, long session, String id, String index, byte[] data) {
        FlatBufferBuilder b = new FlatBufferBuilder(128 + length(data));
        int context = DataContext.createDataContext(
                b,
                seq,
                session,
                MessageBytes.string(b, id),
                MessageBytes.string(b, index),
                MessageBytes.bytes(b, data));
        return MessageBytes.finish(b, MessageType.DataContext, context);
    }

    public static byte[] dataClean(long seq, long session, String index) {
        FlatBufferBuilder b = new FlatBufferBuilder(128);
        int clean = DataClean.createDataClean(b, seq, session, MessageBytes.string(b, index));
        return MessageBytes.finish(b, MessageType.DataClean, clean);
    }

    public static byte[] checksumModule(long session, String index, String checksum) {
        FlatBufferBuilder b = new FlatBufferBuilder(128);
        int module = ChecksumModule.createChecksumModule(
                b, session, MessageBytes.string(b, index), MessageBytes.string(b, checksum));
        return MessageBytes.finish(b, MessageType.ChecksumModule, module);
    }

    public static byte[] end(long session) {
        FlatBufferBuilder b = new FlatBufferBuilder(64);
        return MessageBytes.finish(b, MessageType.End, End.createEnd(b, session));
    }

    private static int dataValueTable(FlatBufferBuilder b, DataValueSpec spec) {
        int id = MessageBytes.string(b, spec.id());
        int index = MessageBytes.string(b, spec.index());
        int data = MessageBytes.bytes(b, spec.data());
        return DataValue.createDataValue(
                b, spec.seq(), spec.session(), spec.operation(), id, index, spec.version(), data);
    }

    private static int length(byte[] data) {
        return data == null ? 0 : data.length;
    }
}
