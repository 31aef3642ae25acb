package io.inventorysync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.google.flatbuffers.Table;
import io.inventorysync.protocol.WireSchema.Field;
import io.inventorysync.protocol.WireSchema.Kind;
import io.inventorysync.protocol.WireSchema.TableDef;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins the second generation to fullsession-protocol.md §1 and holds the verifier's hand-written slot table
 * ({@link FullSessionWireSchema}) against the generated {@code Wazuh.FullSessionSchema} classes: enum and union
 * numbers; for every field, the slot its generated accessor reads and its generated builder writes; and whole
 * sessions written slot by slot from the spec read back through the accessors.
 */
class FullSessionPinningTest {

    /** Every table of the schema and its generated class. */
    private static final Map<TableDef, Class<? extends Table>> GENERATED = new LinkedHashMap<>();

    static {
        GENERATED.put(FullSessionWireSchema.MESSAGE, Message.class);
        GENERATED.put(FullSessionWireSchema.FULL_SESSION, FullSession.class);
        GENERATED.put(FullSessionWireSchema.START, Start.class);
        GENERATED.put(FullSessionWireSchema.SYNC_DATA, SyncData.class);
        GENERATED.put(FullSessionWireSchema.CLEANS, Cleans.class);
        GENERATED.put(FullSessionWireSchema.DATA_VALUE, DataValue.class);
        GENERATED.put(FullSessionWireSchema.DATA_CONTEXT, DataContext.class);
        GENERATED.put(FullSessionWireSchema.DATA_CLEAN, DataClean.class);
        GENERATED.put(FullSessionWireSchema.CHECKSUM_MODULE, ChecksumModule.class);
    }

    @Test
    void enumValuesMatchTheSpec() {
        assertThat(new int[] {
                    Mode.ModuleDelta,
                    Mode.ModuleCheck,
                    Mode.MetadataDelta,
                    Mode.MetadataCheck,
                    Mode.GroupDelta,
                    Mode.GroupCheck
                })
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(Mode.names)
                .containsExactly(
                        "ModuleDelta", "ModuleCheck", "MetadataDelta", "MetadataCheck", "GroupDelta", "GroupCheck");
        assertThat(new int[] {Operation.Upsert, Operation.Delete}).containsExactly(0, 1);
        assertThat(Operation.names).containsExactly("Upsert", "Delete");
        assertThat(new int[] {Option.Sync, Option.VDFirst, Option.VDSync}).containsExactly(0, 1, 2);
        assertThat(Option.names).containsExactly("Sync", "VDFirst", "VDSync");
    }

    @Test
    void unionDiscriminantsMatchTheSpecAndTheVerifier() {
        assertThat(new int[] {
                    MessageType.NONE,
                    MessageType.DataValue,
                    MessageType.DataClean,
                    MessageType.ChecksumModule,
                    MessageType.Start,
                    MessageType.DataContext,
                    MessageType.FullSession
                })
                .containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(MessageType.names)
                .containsExactly(
                        "NONE", "DataValue", "DataClean", "ChecksumModule", "Start", "DataContext", "FullSession");
        assertThat(names(FullSessionWireSchema.MESSAGE_TYPES))
                .containsExactly(
                        "NONE", "DataValue", "DataClean", "ChecksumModule", "Start", "DataContext", "FullSession");
        assertThat(FullSessionWireSchema.FULL_SESSION_TYPE).isEqualTo(MessageType.FullSession);
        assertThat(new int[] {
                    SessionPayload.NONE, SessionPayload.SyncData, SessionPayload.Cleans, SessionPayload.ChecksumModule
                })
                .containsExactly(0, 1, 2, 3);
        assertThat(SessionPayload.names).containsExactly("NONE", "SyncData", "Cleans", "ChecksumModule");
        assertThat(names(FullSessionWireSchema.SESSION_PAYLOADS))
                .containsExactly("NONE", "SyncData", "Cleans", "ChecksumModule");
        assertThat(FullSessionWireSchema.MESSAGE.slots[1].union().members)
                .isSameAs(FullSessionWireSchema.MESSAGE_TYPES);
        assertThat(FullSessionWireSchema.FULL_SESSION.slots[2].union().members)
                .isSameAs(FullSessionWireSchema.SESSION_PAYLOADS);
    }

    private static String[] names(TableDef[] members) {
        String[] names = new String[members.length];
        names[0] = "NONE";
        for (int i = 1; i < members.length; i++) {
            names[i] = members[i].name;
        }
        return names;
    }

    @Test
    void everyTableOfTheSchemaIsPinned() {
        Set<TableDef> reachable = new LinkedHashSet<>();
        collect(FullSessionWireSchema.MESSAGE, reachable);
        assertThat(reachable).containsExactlyInAnyOrderElementsOf(GENERATED.keySet());
        GENERATED.forEach((def, type) -> assertThat(type.getSimpleName()).isEqualTo(def.name));
    }

    private static void collect(TableDef def, Set<TableDef> seen) {
        if (def == null || !seen.add(def)) {
            return;
        }
        for (Field field : def.slots) {
            collect(field.table(), seen);
            if (field.union() != null) {
                Arrays.stream(field.union().members).forEach(member -> collect(member, seen));
            }
        }
    }

    /** The generated class has one {@code add<Field>} per slot of the verifier's table, no more. */
    @Test
    void slotCountsMatchTheGeneratedBuilders() {
        GENERATED.forEach((def, type) -> {
            List<String> adders = new ArrayList<>();
            for (Method m : type.getMethods()) {
                if (m.getName().startsWith("add") && m.getParameterCount() == 2) {
                    adders.add(m.getName());
                }
            }
            List<String> expected = new ArrayList<>();
            for (Field field : def.slots) {
                expected.add("add" + capitalized(camel(field.name())));
            }
            assertThat(adders).as(def.name).containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    /** Each generated {@code add<Field>} writes the slot the verifier's table gives that field. */
    @Test
    void theGeneratedBuildersWriteTheVerifiersSlots() throws Exception {
        for (Map.Entry<TableDef, Class<? extends Table>> entry : GENERATED.entrySet()) {
            TableDef def = entry.getKey();
            for (int slot = 0; slot < def.slots.length; slot++) {
                Field field = def.slots[slot];
                FlatBufferBuilder b = new FlatBufferBuilder();
                int target = offsetValue(b, field.kind());
                b.startTable(def.slots.length);
                Method add = method(entry.getValue(), "add" + capitalized(camel(field.name())));
                Class<?> parameter = add.getParameterTypes()[1];
                if (parameter == byte.class) {
                    add.invoke(null, b, (byte) 3);
                } else if (parameter == long.class) {
                    add.invoke(null, b, 77L);
                } else {
                    add.invoke(null, b, target);
                }
                b.finish(b.endTable());
                assertThat(presentSlots(b.sizedByteArray()))
                        .as("%s.%s", def.name, field.name())
                        .containsExactly(slot);
            }
        }
    }

    /**
     * Each generated accessor reads the slot the verifier's table gives its field: a table with only that slot set
     * (as the verifier's kind says) reads non-default through that accessor and default through all the others.
     */
    @Test
    void theGeneratedAccessorsReadTheVerifiersSlots() throws Exception {
        for (Map.Entry<TableDef, Class<? extends Table>> entry : GENERATED.entrySet()) {
            TableDef def = entry.getKey();
            for (int slot = 0; slot < def.slots.length; slot++) {
                FlatBufferBuilder b = new FlatBufferBuilder();
                int target = offsetValue(b, def.slots[slot].kind());
                b.startTable(def.slots.length);
                switch (def.slots[slot].kind()) {
                    case BYTE, UNION_TYPE -> b.addByte(slot, (byte) 3, 0);
                    case ULONG -> b.addLong(slot, 77, 0);
                    default -> b.addOffset(slot, target, 0);
                }
                b.finish(b.endTable());
                ByteBuffer bb = ByteBuffer.wrap(b.sizedByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                Class<? extends Table> type = entry.getValue();
                Table table = (Table) method(type, "getRootAs" + type.getSimpleName(), ByteBuffer.class)
                        .invoke(null, bb);
                for (int other = 0; other < def.slots.length; other++) {
                    assertThat(read(table, def.slots[other]))
                            .as("%s.%s with only slot %d set", def.name, def.slots[other].name(), slot)
                            .isEqualTo(other == slot ? expected(def.slots[other].kind()) : null);
                }
            }
        }
    }

    /** What {@link #offsetValue} and the scalars above read back as, through {@link #read}. */
    private static Object expected(Kind kind) {
        return switch (kind) {
            case BYTE, UNION_TYPE -> 3L;
            case ULONG -> 77L;
            case STRING -> "v";
            case BYTES, STRINGS, TABLES -> 2L;
            case TABLE, UNION_VALUE -> "table";
        };
    }

    /** What a field of {@code kind} points at, written before its table: a string, a 2-element vector, a table. */
    private static int offsetValue(FlatBufferBuilder b, Kind kind) {
        return switch (kind) {
            case BYTE, ULONG, UNION_TYPE -> 0;
            case STRING -> b.createString("v");
            case BYTES -> b.createByteVector(new byte[] {1, 2});
            case STRINGS -> b.createVectorOfTables(new int[] {b.createString("a"), b.createString("b")});
            case TABLES -> {
                int[] tables = new int[2];
                for (int i = 0; i < tables.length; i++) {
                    b.startTable(0);
                    tables[i] = b.endTable();
                }
                yield b.createVectorOfTables(tables);
            }
            case TABLE, UNION_VALUE -> {
                b.startTable(0);
                yield b.endTable();
            }
        };
    }

    /** A field through its generated accessor, null when it reads as absent or default. */
    private static Object read(Table table, Field field) throws Exception {
        Class<? extends Table> type = table.getClass();
        String name = camel(field.name());
        Object value = switch (field.kind()) {
            case BYTE, UNION_TYPE -> (long) (byte) method(type, name).invoke(table);
            case ULONG -> (long) method(type, name).invoke(table);
            case STRING -> method(type, name).invoke(table);
            case BYTES, STRINGS, TABLES ->
                (long) (int) method(type, name + "Length").invoke(table);
            case TABLE -> method(type, name).invoke(table) == null ? null : "table";
            case UNION_VALUE -> method(type, name, Table.class).invoke(table, new DataClean()) == null ? null : "table";
        };
        return Long.valueOf(0).equals(value) ? null : value;
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        if (parameters.length > 0 || !name.startsWith("add")) {
            return type.getMethod(name, parameters);
        }
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 2) {
                return m;
            }
        }
        throw new NoSuchMethodException(type.getSimpleName() + "." + name);
    }

    /** {@code global_version} → {@code globalVersion}, as flatc names accessors. */
    private static String camel(String field) {
        StringBuilder s = new StringBuilder();
        boolean upper = false;
        for (char c : field.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                s.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return s.toString();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Slots present in the vtable of a buffer's root table. */
    private static List<Integer> presentSlots(byte[] body) {
        ByteBuffer bb = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int table = bb.getInt(0);
        int vtable = table - bb.getInt(table);
        List<Integer> slots = new ArrayList<>();
        for (int entry = 4; entry < bb.getShort(vtable); entry += 2) {
            if (bb.getShort(vtable + entry) != 0) {
                slots.add((entry - 4) / 2);
            }
        }
        return slots;
    }

    // ---- whole sessions written slot by slot from the spec (FullSessionHandMade), read through the accessors ----

    private static FullSession rawSession(byte payloadType) throws Exception {
        byte[] body = FullSessionHandMade.rawSession(payloadType);
        MessageVerifier.verifyFullSession(ByteBuffer.wrap(body));
        FullSession session = FullSessionReader.session(ByteBuffer.wrap(body));
        assertThat(session.payloadType()).isEqualTo(payloadType);
        return session;
    }

    @Test
    void startSlots() throws Exception {
        Start s = rawSession((byte) 0).start();
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
                        s.clusterName()))
                .containsExactly("s0", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s15");
        assertThat(s.mode()).isEqualTo(Mode.ModuleCheck);
        assertThat(s.indexLength()).isEqualTo(1);
        assertThat(s.index(0)).isEqualTo("ix");
        assertThat(s.option()).isEqualTo(Option.VDSync);
        assertThat(s.groupsLength()).isEqualTo(2);
        assertThat(s.groups(1)).isEqualTo("g2");
        assertThat(s.globalVersion()).isEqualTo(414);
        assertThat(s.feedOffset()).isEqualTo(416);
    }

    @Test
    void syncDataSlots() throws Exception {
        SyncData data = (SyncData) rawSession(FullSessionHandMade.SYNC_DATA).payload(new SyncData());
        assertThat(data.valuesLength()).isEqualTo(2);
        DataValue v = data.values(1);
        assertThat(v.operation()).isEqualTo(Operation.Delete);
        assertThat(v.id()).isEqualTo("v1");
        assertThat(v.index()).isEqualTo("ix1");
        assertThat(v.version()).isEqualTo(101);
        assertThat(v.dataLength()).isEqualTo(2);
        assertThat(v.data(0)).isEqualTo((byte) 1);
        assertThat(data.contextsLength()).isEqualTo(1);
        DataContext c = data.contexts(0);
        assertThat(c.id()).isEqualTo("c0");
        assertThat(c.index()).isEqualTo("cix");
        assertThat(c.data(0)).isEqualTo((byte) 9);
    }

    @Test
    void cleansAndChecksumSlots() throws Exception {
        Cleans cleans = (Cleans) rawSession(FullSessionHandMade.CLEANS).payload(new Cleans());
        assertThat(cleans.itemsLength()).isEqualTo(2);
        assertThat(cleans.items(1).index()).isEqualTo("clean1");
        ChecksumModule checksum =
                (ChecksumModule) rawSession(FullSessionHandMade.CHECKSUM_MODULE).payload(new ChecksumModule());
        assertThat(checksum.index()).isEqualTo("cix");
        assertThat(checksum.checksum()).isEqualTo("cs");
    }

    @Test
    void theHandMadeLayoutReadsAsWritten() throws Exception {
        byte[] body = FullSessionHandMade.session(0x1122_3344_5566_7788L);
        MessageVerifier.verifyFullSession(ByteBuffer.wrap(body));
        FullSession session = FullSessionReader.session(ByteBuffer.wrap(body));
        assertThat(session.start().globalVersion()).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(session.start().module()).isNull();
        assertThat(session.payloadType()).isEqualTo(SessionPayload.NONE);
    }
}
