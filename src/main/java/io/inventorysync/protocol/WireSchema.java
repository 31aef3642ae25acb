package io.inventorysync.protocol;

/**
 * The wire schema as the verifier needs it: for every table, the kind of each field slot in
 * declaration order (wire-protocol.md §2, mirrored by src/main/flatbuffers/sync_schema.fbs). The model
 * ({@link Kind}, {@link Field}, {@link Union}, {@link TableDef}) also describes the second generation
 * ({@link FullSessionWireSchema}); both are verified by the same code.
 * Written by hand on purpose: tests build buffers slot by slot from the spec and read them with the
 * generated accessors, so a drift of either side fails.
 */
final class WireSchema {

    /** What a field slot holds; the inline size is what the table stores in place. */
    enum Kind {
        BYTE(1),
        ULONG(8),
        STRING(4),
        BYTES(4),
        STRINGS(4),
        /** One table ({@link Field#table()}). */
        TABLE(4),
        /** A vector of tables, all of {@link Field#table()}. */
        TABLES(4),
        /** A union's discriminant: always the slot right before its {@link #UNION_VALUE}. */
        UNION_TYPE(1),
        /** A union's value, a table of the member its type names ({@link Field#union()}). */
        UNION_VALUE(4);

        final int inlineSize;

        Kind(int inlineSize) {
            this.inlineSize = inlineSize;
        }
    }

    /**
     * One field slot: its name (for refusal messages) and kind; for strings and string vectors the most bytes one
     * string may have, and for string vectors the most entries (0: bounded by the buffer only); the table a TABLE or
     * TABLES field holds; the union a UNION_VALUE holds.
     */
    record Field(String name, Kind kind, int maxBytes, int maxCount, TableDef table, Union union) {}

    /**
     * A union: its members by discriminant (index 0, NONE, is null), and whether NONE without a value is a valid
     * (absent) value. NONE with a value, an unknown type and a type without value are always refused.
     */
    static final class Union {
        final String name;
        final TableDef[] members;
        final boolean emptyAllowed;

        Union(String name, boolean emptyAllowed, TableDef... members) {
            if (members.length < 2 || members[0] != null) {
                throw new IllegalArgumentException(name + ": members by discriminant, NONE (0) as null");
            }
            this.name = name;
            this.members = members;
            this.emptyAllowed = emptyAllowed;
        }
    }

    /**
     * One table: fields by slot, and the most a table of it may decode to with all it references
     * ({@link MessageVerifier}'s charges; 0: no own cap).
     */
    static final class TableDef {
        final String name;
        final Field[] slots;
        final int maxDecoded;
        /** Slots of the union values, checked once all fields are (each with its type in the slot before). */
        final int[] unionSlots;

        TableDef(String name, int maxDecoded, Field... slots) {
            this.name = name;
            this.slots = slots;
            this.maxDecoded = maxDecoded;
            int unions = 0;
            for (int slot = 0; slot < slots.length; slot++) {
                Field field = slots[slot];
                boolean needsTable = field.kind() == Kind.TABLE || field.kind() == Kind.TABLES;
                if (needsTable != (field.table() != null)) {
                    throw new IllegalArgumentException(name + "." + field.name() + ": a table only for TABLE(S)");
                }
                if (field.kind() == Kind.UNION_VALUE) {
                    if (slot == 0 || slots[slot - 1].kind() != Kind.UNION_TYPE || field.union() == null) {
                        throw new IllegalArgumentException(name + "." + field.name() + ": union without its type");
                    }
                    unions++;
                }
            }
            this.unionSlots = new int[unions];
            for (int slot = 0, i = 0; slot < slots.length; slot++) {
                if (slots[slot].kind() == Kind.UNION_VALUE) {
                    unionSlots[i++] = slot;
                }
            }
        }
    }

    /*
     * Fixed caps (behaviour.md §12). A session keeps its Start's strings until it ends, so a Start is bounded as a
     * whole, not only by its frame: index and group names are at most 255 bytes (OpenSearch's limit for index names;
     * Wazuh's for group names), the other Start strings 1 KiB, Start.index 64 entries (a module names about 15),
     * Start.groups 128 (Wazuh's limit of groups per agent), and all of a Start decodes to at most 8 KiB. An index
     * or checksum is kept in the session summary, whose codec cannot take strings above 64 KiB.
     */
    static final int MAX_NAME_BYTES = 255;
    static final int MAX_START_TEXT_BYTES = 1024;
    static final int MAX_START_INDICES = 64;
    static final int MAX_START_GROUPS = 128;
    static final int MAX_START_DECODED = 8 * 1024;
    static final int MAX_CHECKSUM_BYTES = 1024;

    static Field f(String name, Kind kind) {
        return new Field(name, kind, 0, 0, null, null);
    }

    /** A string of at most {@code maxBytes} bytes. */
    static Field text(String name, int maxBytes) {
        return new Field(name, Kind.STRING, maxBytes, 0, null, null);
    }

    /** A string vector of at most {@code maxCount} entries of at most {@code maxBytes} bytes. */
    static Field texts(String name, int maxCount, int maxBytes) {
        return new Field(name, Kind.STRINGS, maxBytes, maxCount, null, null);
    }

    /** One table of {@code def}. */
    static Field tableField(String name, TableDef def) {
        return new Field(name, Kind.TABLE, 0, 0, def, null);
    }

    /** A vector of tables of {@code def}. */
    static Field tables(String name, TableDef def) {
        return new Field(name, Kind.TABLES, 0, 0, def, null);
    }

    /** A union's value; its type field ({@code name_type}, {@link Kind#UNION_TYPE}) must be the slot before. */
    static Field union(String name, Union union) {
        return new Field(name, Kind.UNION_VALUE, 0, 0, null, union);
    }

    static TableDef table(String name, Field... slots) {
        return new TableDef(name, 0, slots);
    }

    private static final Kind BYTE = Kind.BYTE;
    private static final Kind ULONG = Kind.ULONG;
    private static final Kind STRING = Kind.STRING;

    static final TableDef DATA_VALUE = table(
            "DataValue",
            f("seq", ULONG),
            f("session", ULONG),
            f("operation", BYTE),
            f("id", STRING),
            f("index", STRING),
            f("version", ULONG),
            f("data", Kind.BYTES));
    static final TableDef DATA_CLEAN =
            table("DataClean", f("seq", ULONG), f("session", ULONG), text("index", MAX_NAME_BYTES));
    static final TableDef CHECKSUM_MODULE = table(
            "ChecksumModule", f("session", ULONG), text("index", MAX_NAME_BYTES), text("checksum", MAX_CHECKSUM_BYTES));
    private static final int T = MAX_START_TEXT_BYTES;
    static final TableDef START = new TableDef(
            "Start",
            MAX_START_DECODED,
            text("module", T),
            f("mode", BYTE),
            f("size", ULONG),
            texts("index", MAX_START_INDICES, MAX_NAME_BYTES),
            f("option", BYTE),
            text("architecture", T),
            text("hostname", T),
            text("osname", T),
            text("osplatform", T),
            text("ostype", T),
            text("osversion", T),
            text("agentversion", T),
            text("agentname", T),
            text("agentid", T),
            texts("groups", MAX_START_GROUPS, MAX_NAME_BYTES),
            f("global_version", ULONG),
            text("cluster_name", T),
            text("cluster_node", T));
    static final TableDef START_ACK = table("StartAck", f("status", BYTE), f("session", ULONG));
    static final TableDef END = table("End", f("session", ULONG));
    static final TableDef END_ACK = table("EndAck", f("status", BYTE), f("session", ULONG));
    static final TableDef PAIR = table("Pair", f("begin", ULONG), f("end", ULONG));
    static final TableDef REQ_RET = table("ReqRet", tables("seq", PAIR), f("session", ULONG));
    static final TableDef DATA_CONTEXT = table(
            "DataContext",
            f("seq", ULONG),
            f("session", ULONG),
            f("id", STRING),
            f("index", STRING),
            f("data", Kind.BYTES));
    static final TableDef DATA_BATCH = table("DataBatch", tables("values", DATA_VALUE));

    /** Union MessageType members by discriminant; index 0 is NONE. */
    static final TableDef[] MESSAGE_TYPES = {
        null, DATA_VALUE, DATA_CLEAN, CHECKSUM_MODULE, START, START_ACK, END, END_ACK, REQ_RET, DATA_CONTEXT, DATA_BATCH
    };

    /** The root: {@code content: MessageType} occupies slots content_type and content; an empty one is refused. */
    static final TableDef MESSAGE = table(
            "Message",
            f("content_type", Kind.UNION_TYPE),
            union("content", new Union("MessageType", false, MESSAGE_TYPES)));

    private WireSchema() {}
}
