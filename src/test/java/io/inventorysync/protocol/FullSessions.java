package io.inventorysync.protocol;

import Wazuh.FullSessionSchema.ChecksumModule;
import Wazuh.FullSessionSchema.Cleans;
import Wazuh.FullSessionSchema.DataClean;
import Wazuh.FullSessionSchema.DataContext;
import Wazuh.FullSessionSchema.DataValue;
import Wazuh.FullSessionSchema.FullSession;
import Wazuh.FullSessionSchema.Message;
import Wazuh.FullSessionSchema.MessageType;
import Wazuh.FullSessionSchema.Mode;
import Wazuh.FullSessionSchema.Operation;
import Wazuh.FullSessionSchema.Option;
import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.FullSessionSchema.Start;
import Wazuh.FullSessionSchema.SyncData;
import com.google.flatbuffers.FlatBufferBuilder;
import com.google.flatbuffers.FlatBufferBuilder.ByteBufferFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Second-generation bodies built with the generated {@code Wazuh.FullSessionSchema} builders. */
final class FullSessions {

    static final String PACKAGES = "wazuh-states-inventory-packages";
    static final String DOC = "{\"package\":{\"name\":\"bash\",\"version\":\"5.1\"}}";

    /** Builds in direct memory, where a received FullSession is verified. */
    private static final ByteBufferFactory DIRECT = new ByteBufferFactory() {
        @Override
        public ByteBuffer newByteBuffer(int capacity) {
            return ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
        }
    };

    private FullSessions() {}

    /** A Start with a non-default value in every field. */
    static int start(FlatBufferBuilder b, byte mode) {
        int module = b.createString("syscollector");
        int index = Start.createIndexVector(
                b, new int[] {b.createString(PACKAGES), b.createString("wazuh-states-inventory-system")});
        int architecture = b.createString("x86_64");
        int hostname = b.createString("höst-ñ");
        int osname = b.createString("Ubuntu");
        int osplatform = b.createString("ubuntu");
        int ostype = b.createString("linux");
        int osversion = b.createString("24.04");
        int agentversion = b.createString("v5.0.0");
        int agentname = b.createString("web-01");
        int agentid = b.createString("007");
        int groups = Start.createGroupsVector(b, new int[] {b.createString("default"), b.createString("web")});
        int clusterName = b.createString("wazuh-cluster");
        return Start.createStart(
                b,
                module,
                mode,
                index,
                Option.VDSync,
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
                9,
                clusterName,
                1234);
    }

    /** {@code Message{FullSession{start, payload}}}; a payload type of NONE leaves the payload out. */
    static byte[] finish(FlatBufferBuilder b, int start, byte payloadType, int payload) {
        int session = FullSession.createFullSession(b, start, payloadType, payload);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.FullSession, session));
        return b.sizedByteArray();
    }

    static int dataValue(FlatBufferBuilder b, int i, byte operation, String index, byte[] data) {
        int id = b.createString("id-" + i);
        int ix = b.createString(index);
        int vector = data == null ? 0 : DataValue.createDataVector(b, data);
        return DataValue.createDataValue(b, operation, id, ix, i + 1L, vector);
    }

    /** A ModuleDelta SyncData of {@code values} values (upserts and deletes in turn) and {@code contexts} contexts. */
    static byte[] syncData(int values, int contexts) {
        FlatBufferBuilder b = new FlatBufferBuilder(1024);
        int[] v = new int[values];
        for (int i = 0; i < values; i++) {
            boolean upsert = i % 2 == 0;
            v[i] = dataValue(b, i, upsert ? Operation.Upsert : Operation.Delete, PACKAGES, upsert ? bytes(DOC) : null);
        }
        int[] c = new int[contexts];
        for (int i = 0; i < contexts; i++) {
            c[i] = DataContext.createDataContext(
                    b,
                    b.createString("ctx-" + i),
                    b.createString("wazuh-states-inventory-system"),
                    DataContext.createDataVector(b, bytes("{\"os\":" + i + "}")));
        }
        int data = SyncData.createSyncData(
                b, SyncData.createValuesVector(b, v), contexts == 0 ? 0 : SyncData.createContextsVector(b, c));
        return finish(b, start(b, Mode.ModuleDelta), SessionPayload.SyncData, data);
    }

    /** A FullSession whose SyncData.values are {@code refs}, over tables already in {@code b}; refs may repeat. */
    static byte[] syncDataOf(FlatBufferBuilder b, int[] refs) {
        int data = SyncData.createSyncData(b, SyncData.createValuesVector(b, refs), 0);
        return finish(b, start(b, Mode.ModuleDelta), SessionPayload.SyncData, data);
    }

    static byte[] cleans(String... indices) {
        FlatBufferBuilder b = new FlatBufferBuilder(512);
        int[] items = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            items[i] = DataClean.createDataClean(b, b.createString(indices[i]));
        }
        int cleans = Cleans.createCleans(b, Cleans.createItemsVector(b, items));
        return finish(b, start(b, Mode.ModuleDelta), SessionPayload.Cleans, cleans);
    }

    static byte[] checksum(String index, String checksum) {
        FlatBufferBuilder b = new FlatBufferBuilder(512);
        int module = ChecksumModule.createChecksumModule(b, b.createString(index), b.createString(checksum));
        return finish(b, start(b, Mode.ModuleCheck), SessionPayload.ChecksumModule, module);
    }

    static byte[] noPayload(byte mode) {
        FlatBufferBuilder b = new FlatBufferBuilder(512);
        return finish(b, start(b, mode), SessionPayload.NONE, 0);
    }

    /** One valid FullSession of every payload kind. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("SyncData", syncData(3, 2));
        m.put("Cleans", cleans(PACKAGES, "wazuh-states-inventory-hotfixes"));
        m.put("ChecksumModule", checksum(PACKAGES, "d41d8cd98f00b204"));
        m.put("NoPayload", noPayload(Mode.MetadataDelta));
        return m;
    }

    /**
     * A ModuleDelta of {@code values} package upserts with SHA-1-like ids, one shared index name and a
     * {@code docBytes} document each, built straight into direct memory: the returned buffer spans the FlatBuffer.
     */
    static ByteBuffer largeDirect(int values, int docBytes) {
        byte[] doc = new byte[docBytes];
        byte[] prefix = bytes("{\"package\":{\"name\":\"");
        byte[] suffix = bytes("\"}}");
        Arrays.fill(doc, (byte) 'n');
        System.arraycopy(prefix, 0, doc, 0, Math.min(prefix.length, docBytes));
        if (docBytes >= prefix.length + suffix.length) {
            System.arraycopy(suffix, 0, doc, docBytes - suffix.length, suffix.length);
        }
        int estimate = values * (docBytes + 100) + 4096;
        FlatBufferBuilder b = new FlatBufferBuilder(estimate, DIRECT);
        int index = b.createSharedString(PACKAGES);
        int[] v = new int[values];
        for (int i = 0; i < values; i++) {
            int id = b.createString(String.format("%040x", i * 0x9E3779B97F4A7C15L));
            int data = docBytes == 0 ? 0 : DataValue.createDataVector(b, doc);
            v[i] = DataValue.createDataValue(
                    b, docBytes == 0 ? Operation.Delete : Operation.Upsert, id, index, i + 1L, data);
        }
        int data = SyncData.createSyncData(b, SyncData.createValuesVector(b, v), 0);
        int session = FullSession.createFullSession(b, start(b, Mode.ModuleDelta), SessionPayload.SyncData, data);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.FullSession, session));
        return b.dataBuffer();
    }

    static ByteBuffer direct(byte[] body) {
        ByteBuffer d = ByteBuffer.allocateDirect(body.length);
        d.put(body).flip();
        return d;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
