package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import Wazuh.SyncSchema.ChecksumModule;
import Wazuh.SyncSchema.DataBatch;
import Wazuh.SyncSchema.DataClean;
import Wazuh.SyncSchema.DataContext;
import Wazuh.SyncSchema.DataValue;
import Wazuh.SyncSchema.End;
import Wazuh.SyncSchema.EndAck;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Option;
import Wazuh.SyncSchema.ReqRet;
import Wazuh.SyncSchema.Start;
import Wazuh.SyncSchema.StartAck;
import Wazuh.SyncSchema.Status;
import com.google.flatbuffers.FlatBufferBuilder;
import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire format to wire-protocol.md §2, independently of the generated code: enum and union numbers,
 * and field slots. Tables are written slot by slot with the spec's slot numbers and read back through the
 * generated accessors (and the verifier's own schema); builders' output is checked by reading raw vtables.
 * Reordering a field in the .fbs makes these fail.
 */
class SchemaPinningTest {

    @Test
    void enumValuesMatchTheSpec() {
        assertThat(new int[] {
                    Mode.ModuleFull,
                    Mode.ModuleDelta,
                    Mode.ModuleCheck,
                    Mode.MetadataDelta,
                    Mode.MetadataCheck,
                    Mode.GroupDelta,
                    Mode.GroupCheck
                })
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(Mode.names)
                .containsExactly(
                        "ModuleFull",
                        "ModuleDelta",
                        "ModuleCheck",
                        "MetadataDelta",
                        "MetadataCheck",
                        "GroupDelta",
                        "GroupCheck");
        assertThat(new int[] {Operation.Upsert, Operation.Delete}).containsExactly(0, 1);
        assertThat(Operation.names).containsExactly("Upsert", "Delete");
        assertThat(new int[] {Status.Ok, Status.Error, Status.Offline, Status.ChecksumMismatch, Status.Processing})
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(Status.names).containsExactly("Ok", "Error", "Offline", "ChecksumMismatch", "Processing");
        assertThat(new int[] {Option.Sync, Option.VDFirst, Option.VDSync}).containsExactly(0, 1, 2);
        assertThat(Option.names).containsExactly("Sync", "VDFirst", "VDSync");
    }

    @Test
    void unionDiscriminantsMatchTheSpec() {
        assertThat(new int[] {
                    MessageType.NONE,
                    MessageType.DataValue,
                    MessageType.DataClean,
                    MessageType.ChecksumModule,
                    MessageType.Start,
                    MessageType.StartAck,
                    MessageType.End,
                    MessageType.EndAck,
                    MessageType.ReqRet,
                    MessageType.DataContext,
                    MessageType.DataBatch
                })
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(MessageType.names)
                .containsExactly(
                        "NONE",
                        "DataValue",
                        "DataClean",
                        "ChecksumModule",
                        "Start",
                        "StartAck",
                        "End",
                        "EndAck",
                        "ReqRet",
                        "DataContext",
                        "DataBatch");
        String[] verifierNames = new String[WireSchema.MESSAGE_TYPES.length];
        for (int i = 1; i < verifierNames.length; i++) {
            verifierNames[i] = WireSchema.MESSAGE_TYPES[i].name;
        }
        assertThat(verifierNames)
                .containsExactly(
                        null,
                        "DataValue",
                        "DataClean",
                        "ChecksumModule",
                        "Start",
                        "StartAck",
                        "End",
                        "EndAck",
                        "ReqRet",
                        "DataContext",
                        "DataBatch");
    }

    // ---- raw, slot-by-slot writers (slot numbers straight from the spec) ----

    private static byte[] message(FlatBufferBuilder b, byte type, int content) {
        b.startTable(2);
        b.addOffset(1, content, 0); // content
        b.addByte(0, type, 0); // content_type
        b.finish(b.endTable());
        return b.sizedByteArray();
    }

    private static <T extends Table> T read(byte[] body, byte type, T table) throws Exception {
        MessageVerifier.verify(body);
        Message m = Message.getRootAsMessage(ByteBuffer.wrap(body));
        assertThat(m.contentType()).isEqualTo(type);
        m.content(table);
        return table;
    }

    @Test
    void dataValueSlots() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int id = b.createString("the-id");
        int index = b.createString("the-index");
        int data = b.createByteVector(new byte[] {7, 8});
        b.startTable(7);
        b.addLong(0, 101, 0);
        b.addLong(1, 102, 0);
        b.addByte(2, (byte) 1, 0);
        b.addOffset(3, id, 0);
        b.addOffset(4, index, 0);
        b.addLong(5, 106, 0);
        b.addOffset(6, data, 0);
        DataValue v = read(message(b, (byte) 1, b.endTable()), MessageType.DataValue, new DataValue());
        assertThat(new long[] {v.seq(), v.session(), v.operation(), v.version()})
                .containsExactly(101, 102, 1, 106);
        assertThat(v.id()).isEqualTo("the-id");
        assertThat(v.index()).isEqualTo("the-index");
        assertThat(v.dataLength()).isEqualTo(2);
        assertThat(v.data(1)).isEqualTo((byte) 8);
    }

    @Test
    void dataCleanSlots() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int index = b.createString("i");
        b.startTable(3);
        b.addLong(0, 201, 0);
        b.addLong(1, 202, 0);
        b.addOffset(2, index, 0);
        DataClean c = read(message(b, (byte) 2, b.endTable()), MessageType.DataClean, new DataClean());
        assertThat(new long[] {c.seq(), c.session()}).containsExactly(201, 202);
        assertThat(c.index()).isEqualTo("i");
    }

    @Test
    void checksumModuleSlots() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int index = b.createString("i");
        int checksum = b.createString("c");
        b.startTable(3);
        b.addLong(0, 301, 0);
        b.addOffset(1, index, 0);
        b.addOffset(2, checksum, 0);
        ChecksumModule c = read(message(b, (byte) 3, b.endTable()), MessageType.ChecksumModule, new ChecksumModule());
        assertThat(c.session()).isEqualTo(301);
        assertThat(c.index()).isEqualTo("i");
        assertThat(c.checksum()).isEqualTo("c");
    }

    @Test
    void startSlots() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        // string slots of Start, in spec order, each holding its own slot number as text
        int[] stringSlots = {0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17};
        int[] strings = new int[stringSlots.length];
        for (int i = 0; i < stringSlots.length; i++) {
            strings[i] = b.createString("s" + stringSlots[i]);
        }
        int index = b.createVectorOfTables(new int[] {b.createString("ix")});
        int groups = b.createVectorOfTables(new int[] {b.createString("g1"), b.createString("g2")});
        b.startTable(18);
        for (int i = 0; i < stringSlots.length; i++) {
            b.addOffset(stringSlots[i], strings[i], 0);
        }
        b.addByte(1, (byte) 2, 0); // mode
        b.addLong(2, 402, 0); // size
        b.addOffset(3, index, 0); // index
        b.addByte(4, (byte) 1, 0); // option
        b.addOffset(14, groups, 0); // groups
        b.addLong(15, 415, 0); // global_version
        Start s = read(message(b, (byte) 4, b.endTable()), MessageType.Start, new Start());
        assertThat(List.of(
                        s.module(),
                        s.architecture(),
                        s.hostname(),
                        s.osname(),
                        s.osplatform(),
                        s.ostype(),
                        s.osversion(),
                        s.agentversion(),
                        s.agentname(),
                        s.agentid(),
                        s.clusterName(),
                        s.clusterNode()))
                .containsExactly("s0", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s16", "s17");
        assertThat(s.mode()).isEqualTo((byte) 2);
        assertThat(s.size()).isEqualTo(402);
        assertThat(s.indexLength()).isEqualTo(1);
        assertThat(s.index(0)).isEqualTo("ix");
        assertThat(s.option()).isEqualTo((byte) 1);
        assertThat(s.groupsLength()).isEqualTo(2);
        assertThat(s.groups(1)).isEqualTo("g2");
        assertThat(s.globalVersion()).isEqualTo(415);
    }

    @Test
    void ackAndEndSlots() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        b.startTable(2);
        b.addByte(0, (byte) 3, 0);
        b.addLong(1, 502, 0);
        StartAck sa = read(message(b, (byte) 5, b.endTable()), MessageType.StartAck, new StartAck());
        assertThat(new long[] {sa.status(), sa.session()}).containsExactly(3, 502);

        b = new FlatBufferBuilder();
        b.startTable(1);
        b.addLong(0, 601, 0);
        assertThat(read(message(b, (byte) 6, b.endTable()), MessageType.End, new End())
                        .session())
                .isEqualTo(601);

        b = new FlatBufferBuilder();
        b.startTable(2);
        b.addByte(0, (byte) 4, 0);
        b.addLong(1, 702, 0);
        EndAck ea = read(message(b, (byte) 7, b.endTable()), MessageType.EndAck, new EndAck());
        assertThat(new long[] {ea.status(), ea.session()}).containsExactly(4, 702);
    }

    @Test
    void reqRetAndPairSlots() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        b.startTable(2);
        b.addLong(0, 11, 0); // begin
        b.addLong(1, 12, 0); // end
        int pair = b.endTable();
        int seq = b.createVectorOfTables(new int[] {pair});
        b.startTable(2);
        b.addOffset(0, seq, 0);
        b.addLong(1, 802, 0);
        ReqRet r = read(message(b, (byte) 8, b.endTable()), MessageType.ReqRet, new ReqRet());
        assertThat(r.session()).isEqualTo(802);
        assertThat(r.seqLength()).isEqualTo(1);
        assertThat(new long[] {r.seq(0).begin(), r.seq(0).end()}).containsExactly(11, 12);
    }

    @Test
    void dataContextSlots() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int id = b.createString("cid");
        int index = b.createString("cix");
        int data = b.createByteVector(new byte[] {9});
        b.startTable(5);
        b.addLong(0, 901, 0);
        b.addLong(1, 902, 0);
        b.addOffset(2, id, 0);
        b.addOffset(3, index, 0);
        b.addOffset(4, data, 0);
        DataContext c = read(message(b, (byte) 9, b.endTable()), MessageType.DataContext, new DataContext());
        assertThat(new long[] {c.seq(), c.session()}).containsExactly(901, 902);
        assertThat(c.id()).isEqualTo("cid");
        assertThat(c.index()).isEqualTo("cix");
        assertThat(c.data(0)).isEqualTo((byte) 9);
    }

    @Test
    void dataBatchSlots() throws Exception {
        FlatBufferBuilder b = new FlatBufferBuilder();
        b.startTable(7);
        b.addLong(0, 1001, 0);
        int value = b.endTable();
        int values = b.createVectorOfTables(new int[] {value});
        b.startTable(1);
        b.addOffset(0, values, 0);
        DataBatch batch = read(message(b, (byte) 10, b.endTable()), MessageType.DataBatch, new DataBatch());
        assertThat(batch.valuesLength()).isEqualTo(1);
        assertThat(batch.values(0).seq()).isEqualTo(1001);
    }

    // ---- the builders write each field into the spec's slot (raw vtable inspection) ----

    /** Slots present in the vtable of the message's content table. */
    private static List<Integer> presentSlots(byte[] body) {
        ByteBuffer bb = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int root = bb.getInt(0);
        int rootVtable = root - bb.getInt(root);
        int contentField = root + bb.getShort(rootVtable + 6);
        int table = contentField + bb.getInt(contentField);
        int vtable = table - bb.getInt(table);
        List<Integer> slots = new ArrayList<>();
        for (int entry = 4; entry < bb.getShort(vtable); entry += 2) {
            if (bb.getShort(vtable + entry) != 0) {
                slots.add((entry - 4) / 2);
            }
        }
        return slots;
    }

    @Test
    void dataValueBuilderWritesSpecSlots() {
        assertThat(presentSlots(AgentMessages.dataValue(1, 0, (byte) 0, null, null, 0, null)))
                .containsExactly(0);
        assertThat(presentSlots(AgentMessages.dataValue(0, 1, (byte) 0, null, null, 0, null)))
                .containsExactly(1);
        assertThat(presentSlots(AgentMessages.dataValue(0, 0, (byte) 1, null, null, 0, null)))
                .containsExactly(2);
        assertThat(presentSlots(AgentMessages.dataValue(0, 0, (byte) 0, "i", null, 0, null)))
                .containsExactly(3);
        assertThat(presentSlots(AgentMessages.dataValue(0, 0, (byte) 0, null, "x", 0, null)))
                .containsExactly(4);
        assertThat(presentSlots(AgentMessages.dataValue(0, 0, (byte) 0, null, null, 1, null)))
                .containsExactly(5);
        assertThat(presentSlots(AgentMessages.dataValue(0, 0, (byte) 0, null, null, 0, new byte[1])))
                .containsExactly(6);
    }

    @Test
    void startBuilderWritesSpecSlots() {
        List<UnaryOperator<StartSpec>> setters = List.of(
                s -> s.module("m"),
                s -> s.mode((byte) 1),
                s -> s.size(1),
                s -> s.indices(List.of("i")),
                s -> s.option((byte) 1),
                s -> s.architecture("a"),
                s -> s.hostname("h"),
                s -> s.osname("n"),
                s -> s.osplatform("p"),
                s -> s.ostype("t"),
                s -> s.osversion("v"),
                s -> s.agentversion("av"),
                s -> s.agentname("an"),
                s -> s.agentid("001"),
                s -> s.groups(List.of("g")),
                s -> s.globalVersion(1),
                s -> s.clusterName("c"),
                s -> s.clusterNode("cn"));
        for (int slot = 0; slot < setters.size(); slot++) {
            StartSpec spec = setters.get(slot).apply(emptyStart());
            assertThat(presentSlots(AgentMessages.start(spec)))
                    .as("Start field %d", slot)
                    .containsExactly(slot);
        }
    }

    @Test
    void otherBuildersWriteSpecSlots() {
        assertThat(presentSlots(AgentMessages.dataClean(0, 0, "x"))).containsExactly(2);
        assertThat(presentSlots(AgentMessages.checksumModule(0, null, "x"))).containsExactly(2);
        assertThat(presentSlots(AgentMessages.dataContext(0, 0, null, null, new byte[1])))
                .containsExactly(4);
        assertThat(presentSlots(AgentMessages.dataContext(0, 0, "x", null, null)))
                .containsExactly(2);
        assertThat(presentSlots(Responses.startAck((byte) 0, 1))).containsExactly(1);
        assertThat(presentSlots(Responses.endAck((byte) 1, 0))).containsExactly(0);
        assertThat(presentSlots(Responses.reqRet(0, List.of()))).containsExactly(0);
        assertThat(presentSlots(Responses.reqRet(1, List.of()))).containsExactly(0, 1);
    }

    @Test
    void emptyStartStillVerifies() {
        assertThatCode(() -> MessageVerifier.verify(AgentMessages.start(emptyStart())))
                .doesNotThrowAnyException();
    }

    private static StartSpec emptyStart() {
        return StartSpec.defaults()
                .module(null)
                .mode((byte) 0)
                .size(0)
                .indices(null)
                .option((byte) 0)
                .architecture(null)
                .hostname(null)
                .osname(null)
                .osplatform(null)
                .ostype(null)
                .osversion(null)
                .agentversion(null)
                .agentname(null)
                .agentid(null)
                .groups(null)
                .globalVersion(0)
                .clusterName(null)
                .clusterNode(null);
    }
}
