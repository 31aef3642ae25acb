package io.inventorysync.protocol;

/**
 * The wire schema as the verifier needs it: for every table, the kind of each field slot in
 * declaration order (wire-protocol.md §2, mirrored by src/main/flatbuffers/sync_schema.fbs).
 * Written by hand on purpose: tests build buffers slot by slot from the spec and read them with the
 * generated accessors, so a drift of either side fails.
 */
final class WireSchema {

    /** What a field slot holds; the inline size is what the table stores in place. */
    enum Kind {
        BYTE(1), ULONG(8), STRING(4), BYTES(4), STRINGS(4), TABLES(4), UNION_TYPE(1), UNION_VALUE(4);

        final int inlineSize;

        Kind(int inlineSize) {
            this.inlineSize = inlineSize;
        }
    }

    /** One field slot: its name (for refusal messages) and kind. */
    record Field(String name, Kind kind) {
    }

    /** One table: fields by slot, the element table of its (single) TABLES field and its union members, if any. */
    static final class TableDef {
        final String name;
        final Field[] slots;
        final TableDef elements;
        final TableDef[] unionMembers;

        private TableDef(String name, TableDef elements, TableDef[] unionMembers, Field... slots) {
            this.name = name;
            this.slots = slots;
            this.elements = elements;
            this.unionMembers = unionMembers;
        }
    }

    private static Field f(String name, Kind kind) {
        return new Field(name, kind);
    }

    private static TableDef table(String name, Field... slots) {
        return new TableDef(name, null, null, slots);
    }

    private static final Kind BYTE = Kind.BYTE;
    private static final Kind ULONG = Kind.ULONG;
    private static final Kind STRING = Kind.STRING;

    static final TableDef DATA_VALUE = table("DataValue",
            f("seq", ULONG), f("session", ULONG), f("operation", BYTE), f("id", STRING), f("index", STRING),
            f("version", ULONG), f("data", Kind.BYTES));
    static final TableDef DATA_CLEAN = table("DataClean", f("seq", ULONG), f("session", ULONG), f("index", STRING));
    static final TableDef CHECKSUM_MODULE = table("ChecksumModule",
            f("session", ULONG), f("index", STRING), f("checksum", STRING));
    static final TableDef START = table("Start",
            f("module", STRING), f("mode", BYTE), f("size", ULONG), f("index", Kind.STRINGS), f("option", BYTE),
            f("architecture", STRING), f("hostname", STRING), f("osname", STRING), f("osplatform", STRING),
            f("ostype", STRING), f("osversion", STRING), f("agentversion", STRING), f("agentname", STRING),
            f("agentid", STRING), f("groups", Kind.STRINGS), f("global_version", ULONG), f("cluster_name", STRING),
            f("cluster_node", STRING));
    static final TableDef START_ACK = table("StartAck", f("status", BYTE), f("session", ULONG));
    static final TableDef END = table("End", f("session", ULONG));
    static final TableDef END_ACK = table("EndAck", f("status", BYTE), f("session", ULONG));
    static final TableDef PAIR = table("Pair", f("begin", ULONG), f("end", ULONG));
    static final TableDef REQ_RET = new TableDef("ReqRet", PAIR, null, f("seq", Kind.TABLES), f("session", ULONG));
    static final TableDef DATA_CONTEXT = table("DataContext",
            f("seq", ULONG), f("session", ULONG), f("id", STRING), f("index", STRING), f("data", Kind.BYTES));
    static final TableDef DATA_BATCH = new TableDef("DataBatch", DATA_VALUE, null, f("values", Kind.TABLES));

    /** Union MessageType members by discriminant; index 0 is NONE. */
    static final TableDef[] MESSAGE_TYPES = {
        null, DATA_VALUE, DATA_CLEAN, CHECKSUM_MODULE, START, START_ACK, END, END_ACK, REQ_RET, DATA_CONTEXT, DATA_BATCH
    };

    /** The root: {@code content: MessageType} occupies slots content_type and content. */
    static final TableDef MESSAGE = new TableDef("Message", null, MESSAGE_TYPES,
            f("content_type", Kind.UNION_TYPE), f("content", Kind.UNION_VALUE));

    private WireSchema() {
    }
}
