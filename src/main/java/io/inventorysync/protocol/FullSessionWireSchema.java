package io.inventorysync.protocol;

import static io.inventorysync.protocol.WireSchema.MAX_CHECKSUM_BYTES;
import static io.inventorysync.protocol.WireSchema.MAX_NAME_BYTES;
import static io.inventorysync.protocol.WireSchema.MAX_START_DECODED;
import static io.inventorysync.protocol.WireSchema.MAX_START_GROUPS;
import static io.inventorysync.protocol.WireSchema.MAX_START_INDICES;
import static io.inventorysync.protocol.WireSchema.MAX_START_TEXT_BYTES;
import static io.inventorysync.protocol.WireSchema.f;
import static io.inventorysync.protocol.WireSchema.table;
import static io.inventorysync.protocol.WireSchema.tableField;
import static io.inventorysync.protocol.WireSchema.tables;
import static io.inventorysync.protocol.WireSchema.text;
import static io.inventorysync.protocol.WireSchema.texts;
import static io.inventorysync.protocol.WireSchema.union;

import io.inventorysync.protocol.WireSchema.Kind;
import io.inventorysync.protocol.WireSchema.TableDef;
import io.inventorysync.protocol.WireSchema.Union;

/**
 * The second-generation wire schema as the verifier needs it (fullsession-protocol.md §1, mirrored by
 * src/main/flatbuffers/fullsession.fbs): slots in declaration order, with the first generation's caps where a field
 * is the same ({@link WireSchema}: Start strings and vectors, the Start as a whole, index names, checksum). Written
 * by hand like {@link WireSchema}; FullSessionPinningTest holds it against the generated accessors.
 */
final class FullSessionWireSchema {

    private static final Kind BYTE = Kind.BYTE;
    private static final Kind ULONG = Kind.ULONG;
    private static final Kind STRING = Kind.STRING;
    private static final Kind BYTES = Kind.BYTES;

    static final TableDef DATA_VALUE = table(
            "DataValue",
            f("operation", BYTE),
            f("id", STRING),
            f("index", STRING),
            f("version", ULONG),
            f("data", BYTES));
    static final TableDef DATA_CONTEXT = table("DataContext", f("id", STRING), f("index", STRING), f("data", BYTES));
    private static final int T = MAX_START_TEXT_BYTES;
    static final TableDef START = new TableDef(
            "Start",
            MAX_START_DECODED,
            text("module", T),
            f("mode", BYTE),
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
            f("feed_offset", ULONG));
    static final TableDef DATA_CLEAN = table("DataClean", text("index", MAX_NAME_BYTES));
    static final TableDef CHECKSUM_MODULE =
            table("ChecksumModule", text("index", MAX_NAME_BYTES), text("checksum", MAX_CHECKSUM_BYTES));
    static final TableDef SYNC_DATA = table("SyncData", tables("values", DATA_VALUE), tables("contexts", DATA_CONTEXT));
    static final TableDef CLEANS = table("Cleans", tables("items", DATA_CLEAN));

    /** Union SessionPayload members by discriminant; NONE is a session without payload (metadata and group modes). */
    static final TableDef[] SESSION_PAYLOADS = {null, SYNC_DATA, CLEANS, CHECKSUM_MODULE};

    static final TableDef FULL_SESSION = table(
            "FullSession",
            tableField("start", START),
            f("payload_type", Kind.UNION_TYPE),
            union("payload", new Union("SessionPayload", true, SESSION_PAYLOADS)));

    /** Union MessageType members by discriminant; 6 is FullSession here (End in the first generation). */
    static final TableDef[] MESSAGE_TYPES = {
        null, DATA_VALUE, DATA_CLEAN, CHECKSUM_MODULE, START, DATA_CONTEXT, FULL_SESSION
    };

    static final int FULL_SESSION_TYPE = 6;

    /** The root: {@code content: MessageType} occupies slots content_type and content; an empty one is refused. */
    static final TableDef MESSAGE = table(
            "Message",
            f("content_type", Kind.UNION_TYPE),
            union("content", new Union("MessageType", false, MESSAGE_TYPES)));

    private FullSessionWireSchema() {}
}
