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

    /** One table: field kinds by slot, and the element table of its (single) TABLES field, if any. */
    static final class TableDef {
        final String name;
        final Kind[] slots;
        final TableDef elements;
        final TableDef[] unionMembers;

        private TableDef(String name, TableDef elements, TableDef[] unionMembers, Kind... slots) {
            this.name = name;
            this.slots = slots;
            this.elements = elements;
            this.unionMembers = unionMembers;
        }

        static TableDef of(String name, Kind... slots) {
            return new TableDef(name, null, null, slots);
        }

        static TableDef withElements(String name, TableDef elements, Kind... slots) {
            return new TableDef(name, elements, null, slots);
        }
    }

    private static final Kind BYTE = Kind.BYTE;
    private static final Kind ULONG = Kind.ULONG;
    private static final Kind STRING = Kind.STRING;

    static final TableDef DATA_VALUE = TableDef.of("DataValue",
            ULONG, ULONG, BYTE, STRING, STRING, ULONG, Kind.BYTES);
    static final TableDef DATA_CLEAN = TableDef.of("DataClean", ULONG, ULONG, STRING);
    static final TableDef CHECKSUM_MODULE = TableDef.of("ChecksumModule", ULONG, STRING, STRING);
    static final TableDef START = TableDef.of("Start",
            STRING, BYTE, ULONG, Kind.STRINGS, BYTE, STRING, STRING, STRING, STRING, STRING, STRING,
            STRING, STRING, STRING, Kind.STRINGS, ULONG, STRING, STRING);
    static final TableDef START_ACK = TableDef.of("StartAck", BYTE, ULONG);
    static final TableDef END = TableDef.of("End", ULONG);
    static final TableDef END_ACK = TableDef.of("EndAck", BYTE, ULONG);
    static final TableDef PAIR = TableDef.of("Pair", ULONG, ULONG);
    static final TableDef REQ_RET = TableDef.withElements("ReqRet", PAIR, Kind.TABLES, ULONG);
    static final TableDef DATA_CONTEXT = TableDef.of("DataContext", ULONG, ULONG, STRING, STRING, Kind.BYTES);
    static final TableDef DATA_BATCH = TableDef.withElements("DataBatch", DATA_VALUE, Kind.TABLES);

    /** Union MessageType members by discriminant; index 0 is NONE. */
    static final TableDef[] MESSAGE_TYPES = {
        null, DATA_VALUE, DATA_CLEAN, CHECKSUM_MODULE, START, START_ACK, END, END_ACK, REQ_RET, DATA_CONTEXT, DATA_BATCH
    };

    /** The root: {@code content: MessageType} occupies slots content_type and content. */
    static final TableDef MESSAGE = new TableDef("Message", null, MESSAGE_TYPES, Kind.UNION_TYPE, Kind.UNION_VALUE);

    private WireSchema() {
    }
}
