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
        BYTE(1),
        ULONG(8),
        STRING(4),
        BYTES(4),
        STRINGS(4),
        TABLES(4),
        UNION_TYPE(1),
        UNION_VALUE(4);

        final int inlineSize;

        Kind(int inlineSize) {
            this.inlineSize = inlineSize;
        }
    }

    /**
     * One field slot: its name (for refusal messages) and kind; for strings and string vectors the most bytes one
     * string may have, and for string vectors the most entries (0: bounded by the buffer only).
     */
    record Field(String name, Kind kind, int maxBytes, int maxCount) {}

    /**
     * One table: fields by slot, the element table of its (single) TABLES field and its union members, if any, and
     * the most a table of it may decode to with all it references ({@link MessageVerifier}'s charges; 0: no own cap).
     */
    static final class TableDef {
        final String name;
        final Field[] slots;
        final TableDef elements;
        final TableDef[] unionMembers;
        final int maxDecoded;

        private TableDef(String name, TableDef elements, TableDef[] unionMembers, Field... slots) {
            this(name, elements, unionMembers, 0, slots);
        }

        private TableDef(String name, TableDef elements, TableDef[] unionMembers, int maxDecoded, Field... slots) {
            this.name = name;
            this.slots = slots;
            this.elements = elements;
            this.unionMembers = unionMembers;
            this.maxDecoded = maxDecoded;
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

    private static Field f(String name, Kind kind) {
        return new Field(name, kind, 0, 0);
    }

    /** A string of at most {@code maxBytes} bytes. */
    private static Field text(String name, int maxBytes) {
        return new Field(name, Kind.STRING, maxBytes, 0);
    }

    /** A string vector of at most {@code maxCount} entries of at most {@code maxBytes} bytes. */
    private static Field texts(String name, int maxCount, int maxBytes) {
        return new Field(name, Kind.STRINGS, maxBytes, maxCount);
    }

    private static TableDef table(String name, Field... slots) {
        return new TableDef(name, null, null, slots);
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
            null,
            null,
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
    static final TableDef REQ_RET = new TableDef("ReqRet", PAIR, null, f("seq", Kind.TABLES), f("session", ULONG));
    static final TableDef DATA_CONTEXT = table(
            "DataContext",
            f("seq", ULONG),
            f("session", ULONG),
            f("id", STRING),
            f("index", STRING),
            f("data", Kind.BYTES));
    static final TableDef DATA_BATCH = new TableDef("DataBatch", DATA_VALUE, null, f("values", Kind.TABLES));

    /** Union MessageType members by discriminant; index 0 is NONE. */
    static final TableDef[] MESSAGE_TYPES = {
        null, DATA_VALUE, DATA_CLEAN, CHECKSUM_MODULE, START, START_ACK, END, END_ACK, REQ_RET, DATA_CONTEXT, DATA_BATCH
    };

    /** The root: {@code content: MessageType} occupies slots content_type and content. */
    static final TableDef MESSAGE = new TableDef(
            "Message", null, MESSAGE_TYPES, f("content_type", Kind.UNION_TYPE), f("content", Kind.UNION_VALUE));

    private WireSchema() {}
}
