package io.inventorysync.protocol;

import io.inventorysync.protocol.WireSchema.Kind;
import io.inventorysync.protocol.WireSchema.TableDef;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Verifies an inbound FlatBuffers {@code Message} before any field is read; flatbuffers-java ships no
 * verifier. One schema-driven walk serves both protocol generations: {@link #verify} the first
 * ({@link WireSchema}), {@link #verifyFullSession} the second ({@link FullSessionWireSchema}); which one a
 * buffer is comes from its transport, never from its bytes. It follows the C++ {@code flatbuffers::Verifier}
 * (alignment checks on) and is stricter where Java reads differently or where the spec asks for it:
 * <ul>
 *   <li>every offset points forward, non-zero, inside the buffer and aligned; tables' vtables lie inside
 *       the buffer, are 2-aligned with an even size ≥ 4; every present field lies inside the table's
 *       declared object size and is aligned for its type;</li>
 *   <li>vtable size, object size and field offsets are below 0x8000 (Java reads them as signed shorts);</li>
 *   <li>strings are inside the buffer, NUL-terminated and well-formed UTF-8 (the generated accessors
 *       decode with flatbuffers' Utf8Safe, which throws on anything else);</li>
 *   <li>vectors are inside the buffer, their byte size computed without overflow; vectors of strings and
 *       of tables have every element verified;</li>
 *   <li>a union's type is one of its members and its value verified as that table; NONE with a value, an
 *       unknown type or a type without a value are refused. An <b>empty root union</b> (NONE) is refused too —
 *       the spec treats an empty message as a bad body, so no separate non-empty check is needed; an empty
 *       {@code FullSession.payload} is a session without payload and passes;</li>
 *   <li>table nesting depth ({@value #MAX_DEPTH}) and table count ({@value #MAX_TABLES}; for a FullSession
 *       also one per {@value #FULL_SESSION_BYTES_PER_TABLE} bytes) are bounded;</li>
 *   <li>what the message <b>decodes to</b> is bounded by a small multiple of its size (behaviour.md §12): a verified
 *       buffer may reference one string, vector or table many times, and every consumer (Start decoding, the
 *       RocksDB write batch of a DataBatch, the indexing of a FullSession) pays for each reference. Every string,
 *       byte vector and table visited is charged, shared or not ({@link #EXPANSION_FACTOR} × size +
 *       {@link #EXPANSION_SLACK} in all, whatever the size), so the UTF-8 scanning work is bounded too; a Start is
 *       also capped as a whole and per field (entries, string lengths: {@link WireSchema}). Charges are per object
 *       visited, not per byte.</li>
 * </ul>
 * Like the C++ verifier it does not check enum values (consumers handle unknown Mode/Status/...), and
 * fields beyond the schema (a newer writer) are ignored. Offsets in messages are relative to the buffer's
 * position; the buffer's position, limit and byte order are left untouched.
 */
public final class MessageVerifier {

    /**
     * Deepest table nesting accepted (the schemas nest 3 and 4 deep: Message/DataBatch/DataValue and
     * Message/FullSession/SyncData/DataValue).
     */
    public static final int MAX_DEPTH = 64;
    /** Most tables accepted in one buffer (vectors may reference the same table many times). */
    public static final int MAX_TABLES = 1_000_000;
    /**
     * A FullSession (tens of MiB) may hold more: one table per this many bytes when that is above {@link #MAX_TABLES}.
     * The expansion budget already stops at about one per 16 bytes ({@link #TABLE_CHARGE} each); this is the backstop.
     */
    public static final int FULL_SESSION_BYTES_PER_TABLE = 16;
    /** Root uoffset + the smallest table (its soffset) + the smallest vtable (size and object size). */
    static final int MIN_BUFFER_SIZE = 12;
    /** voffsets are uint16 on the wire but Java's Table reads them as signed shorts. */
    private static final int MAX_VOFFSET = 0x7FFF;
    /** A message may decode to this many times its size (plus {@link #EXPANSION_SLACK}), shared references counted each time. */
    public static final int EXPANSION_FACTOR = 4;
    /** Room for small messages, whose fixed per-object charges weigh more than their bytes. */
    public static final int EXPANSION_SLACK = 16 * 1024;
    /*
     * Charges, in bytes, of what each object visited costs its consumer beyond its own bytes: a table is a stored item
     * (RocksDB key and item header, ~63 bytes) or an object; a string a Java String or a length prefix. A legitimate
     * message decodes to 1-1.5 times its size with these.
     */
    static final int TABLE_CHARGE = 64;
    static final int STRING_CHARGE = 16;
    static final int VECTOR_CHARGE = 16;

    private final ByteBuffer bb;
    private final int base;
    private final int end;
    private final int maxDepth;
    private final int maxTables;
    private int depth;
    private int tables;
    /** What the message may still decode to (bytes, see the charges above); below 0 it is refused. */
    private long budget;
    /** The string validated last: shared strings are usually referenced by consecutive items. */
    private int lastUtf8String = -1;
    /** The field being verified, named in refusal messages (no allocation unless something fails). */
    private TableDef contextTable;

    private int contextSlot;

    private MessageVerifier(ByteBuffer buf, int maxDepth, int maxTables) {
        // A duplicate shares the bytes and the absolute indices, so the caller's position/limit/order stay as they are.
        this.bb = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.base = buf.position();
        this.end = buf.limit();
        this.maxDepth = maxDepth;
        this.maxTables = maxTables;
        this.budget = (long) (end - base) * EXPANSION_FACTOR + EXPANSION_SLACK;
    }

    /**
     * Verifies the FlatBuffer {@code Message} between {@code buf.position()} and {@code buf.limit()}.
     *
     * @throws InvalidMessageException if anything in it is malformed, or its union is empty; the buffer
     *     must then be refused as a whole
     */
    public static void verify(ByteBuffer buf) throws InvalidMessageException {
        verify(buf, MAX_DEPTH, MAX_TABLES);
    }

    /** {@link #verify(ByteBuffer)} of a whole array. */
    public static void verify(byte[] body) throws InvalidMessageException {
        verify(ByteBuffer.wrap(body));
    }

    /** With explicit bounds, for tests of the bounds themselves. */
    static void verify(ByteBuffer buf, int maxDepth, int maxTables) throws InvalidMessageException {
        Objects.requireNonNull(buf, "buf");
        new MessageVerifier(buf, maxDepth, maxTables).verifyRoot(WireSchema.MESSAGE);
    }

    /**
     * Verifies the second-generation FlatBuffer {@code Message} between {@code buf.position()} and
     * {@code buf.limit()} (heap or direct, verified in place) and that its content is a {@code FullSession}
     * (fullsession-protocol.md §1). Enum values (mode, operation) are left to the caller.
     *
     * @throws InvalidMessageException if anything in it is malformed, or it holds anything but a FullSession; the
     *     buffer must then be refused as a whole
     */
    public static void verifyFullSession(ByteBuffer buf) throws InvalidMessageException {
        Objects.requireNonNull(buf, "buf");
        verifyFullSession(buf, MAX_DEPTH, fullSessionMaxTables(buf.remaining()));
    }

    /**
     * Verifies a second-generation {@code Message} whatever its content and returns its {@code content_type}: the
     * FullSession door answers a well-formed message of another type with its own reason (fullsession-protocol.md §3
     * step 2), as inventory_sync_server does.
     *
     * @throws InvalidMessageException if anything in it is malformed
     */
    public static int verifySecondGeneration(ByteBuffer buf) throws InvalidMessageException {
        Objects.requireNonNull(buf, "buf");
        MessageVerifier verifier = new MessageVerifier(buf, MAX_DEPTH, fullSessionMaxTables(buf.remaining()));
        return verifier.unionType(verifier.verifyRoot(FullSessionWireSchema.MESSAGE), 1);
    }

    /** The table-count cap of a FullSession of {@code size} bytes. */
    static int fullSessionMaxTables(int size) {
        return Math.max(MAX_TABLES, size / FULL_SESSION_BYTES_PER_TABLE);
    }

    /** With explicit bounds, for tests of the bounds themselves. */
    static void verifyFullSession(ByteBuffer buf, int maxDepth, int maxTables) throws InvalidMessageException {
        MessageVerifier verifier = new MessageVerifier(buf, maxDepth, maxTables);
        int root = verifier.verifyRoot(FullSessionWireSchema.MESSAGE);
        int type = verifier.unionType(root, 1);
        if (type != FullSessionWireSchema.FULL_SESSION_TYPE) {
            throw verifier.fail(
                    "content is a " + FullSessionWireSchema.MESSAGE_TYPES[type].name + ", not a FullSession", root);
        }
    }

    /** Verifies the root table as {@code def}; returns its position. */
    private int verifyRoot(TableDef def) throws InvalidMessageException {
        int size = end - base;
        if (size < MIN_BUFFER_SIZE) {
            throw fail("buffer of " + size + " bytes is shorter than the minimum " + MIN_BUFFER_SIZE, base);
        }
        int root = target(base, "root offset");
        verifyTable(root, def);
        return root;
    }

    private void verifyTable(int table, TableDef def) throws InvalidMessageException {
        TableDef parentTable = contextTable;
        int parentSlot = contextSlot;
        if (++depth > maxDepth) {
            throw fail(def.name + " nested deeper than " + maxDepth + " tables", table);
        }
        if (++tables > maxTables) {
            throw fail("more than " + maxTables + " tables", table);
        }
        long budgetBefore = budget;
        charge(TABLE_CHARGE, table);
        if (table < base || (long) table + 4 > end || ((table - base) & 3) != 0) {
            throw fail(def.name + " table is outside the buffer or misaligned", table);
        }
        long vtable = (long) table - bb.getInt(table);
        if (vtable < base || vtable + 4 > end) {
            throw fail(def.name + " vtable at " + (vtable - base) + " is outside the buffer", table);
        }
        int vt = (int) vtable;
        if (((vt - base) & 1) != 0) {
            throw fail(def.name + " vtable is misaligned", vt);
        }
        int vtableSize = u16(vt);
        if (vtableSize < 4 || (vtableSize & 1) != 0 || vtableSize > MAX_VOFFSET) {
            throw fail(def.name + " vtable size " + vtableSize + " is not an even number in 4.." + MAX_VOFFSET, vt);
        }
        if ((long) vt + vtableSize > end) {
            throw fail(def.name + " vtable of " + vtableSize + " bytes runs past the end", vt);
        }
        int objectSize = u16(vt + 2);
        if (objectSize < 4 || objectSize > MAX_VOFFSET) {
            throw fail(def.name + " object size " + objectSize + " is not in 4.." + MAX_VOFFSET, vt + 2);
        }
        if ((long) table + objectSize > end) {
            throw fail(def.name + " object of " + objectSize + " bytes runs past the end", table);
        }

        WireSchema.Field[] slots = def.slots;
        for (int slot = 0; slot < slots.length; slot++) {
            int entry = 4 + 2 * slot;
            if (entry >= vtableSize) {
                break; // written by an older schema: the remaining fields are absent
            }
            int fieldOffset = u16(vt + entry);
            if (fieldOffset == 0) {
                continue;
            }
            Kind kind = slots[slot].kind();
            if (fieldOffset < 4 || fieldOffset + kind.inlineSize > objectSize) {
                throw fail(
                        def.name + "." + slots[slot].name() + " at table offset " + fieldOffset
                                + " lies outside the object of " + objectSize + " bytes",
                        vt + entry);
            }
            int field = table + fieldOffset;
            if (((field - base) & (kind.inlineSize - 1)) != 0) {
                throw fail(
                        def.name + "." + slots[slot].name() + " is misaligned for its " + kind.inlineSize
                                + "-byte type",
                        field);
            }
            // remembered for the refusal message of anything below this field
            contextTable = def;
            contextSlot = slot;
            switch (kind) {
                case BYTE, ULONG, UNION_TYPE, UNION_VALUE -> {} // unions below, once every field is in place
                case STRING -> verifyString(target(field, "string offset"), slots[slot].maxBytes());
                case BYTES -> charge(verifyVector(target(field, "vector offset"), 1), field);
                case STRINGS -> verifyStrings(target(field, "vector offset"), slots[slot]);
                case TABLE -> verifyTable(target(field, "table offset"), slots[slot].table());
                case TABLES -> verifyTables(target(field, "vector offset"), slots[slot].table());
                default -> throw new IllegalStateException("unhandled field kind " + kind);
            }
        }
        for (int valueSlot : def.unionSlots) {
            verifyUnion(def, valueSlot, table, vt, vtableSize);
        }
        if (def.maxDecoded != 0 && budgetBefore - budget > def.maxDecoded) {
            throw fail(
                    def.name + " decodes to " + (budgetBefore - budget) + " bytes, more than " + def.maxDecoded, table);
        }
        depth--;
        contextTable = parentTable;
        contextSlot = parentSlot;
    }

    /** The union whose value is in {@code valueSlot} (its type in the slot before); fields already checked in place. */
    private void verifyUnion(TableDef def, int valueSlot, int table, int vt, int vtableSize)
            throws InvalidMessageException {
        WireSchema.Union union = def.slots[valueSlot].union();
        TableDef[] members = union.members;
        int typeField = fieldAt(table, vt, vtableSize, valueSlot - 1);
        int type = typeField == 0 ? 0 : bb.get(typeField) & 0xFF;
        int valueField = fieldAt(table, vt, vtableSize, valueSlot);
        contextTable = def;
        contextSlot = valueField != 0 ? valueSlot : valueSlot - 1;
        if (type == 0) {
            if (valueField == 0 && union.emptyAllowed) {
                return;
            }
            throw fail(
                    valueField != 0
                            ? def.name + " union type is NONE but a value is present"
                            : def.name + " union is empty (type NONE)",
                    valueField != 0 ? valueField : table);
        }
        if (type >= members.length) {
            throw fail(
                    def.name + " union type " + type + " is unknown (expected 1.." + (members.length - 1) + ")", table);
        }
        if (valueField == 0) {
            throw fail(def.name + " union type " + members[type].name + " has no value", table);
        }
        verifyTable(target(valueField, "union value offset"), members[type]);
    }

    /** The type of the union whose value is in {@code valueSlot} of a verified table. */
    private int unionType(int table, int valueSlot) {
        int vt = table - bb.getInt(table);
        int typeField = fieldAt(table, vt, u16(vt), valueSlot - 1);
        return typeField == 0 ? 0 : bb.get(typeField) & 0xFF;
    }

    /** Absolute position of a field of a table whose vtable was checked, or 0 when absent. */
    private int fieldAt(int table, int vt, int vtableSize, int slot) {
        int entry = 4 + 2 * slot;
        if (entry >= vtableSize) {
            return 0;
        }
        int fieldOffset = u16(vt + entry);
        return fieldOffset == 0 ? 0 : table + fieldOffset;
    }

    private void verifyStrings(int vector, WireSchema.Field field) throws InvalidMessageException {
        int count = verifyVector(vector, 4);
        if (field.maxCount() != 0 && count > field.maxCount()) {
            throw fail("vector of " + count + " strings, more than " + field.maxCount(), vector);
        }
        for (int i = 0, element = vector + 4; i < count; i++, element += 4) {
            verifyString(target(element, "string offset"), field.maxBytes());
        }
    }

    private void verifyTables(int vector, TableDef elementDef) throws InvalidMessageException {
        int count = verifyVector(vector, 4);
        for (int i = 0, element = vector + 4; i < count; i++, element += 4) {
            verifyTable(target(element, "table offset"), elementDef);
        }
    }

    /** Checks a vector's length and extent and charges the vector; returns its element count. */
    private int verifyVector(int vector, int elementSize) throws InvalidMessageException {
        checkInside(vector, 4, "vector length", 4);
        charge(VECTOR_CHARGE, vector);
        long count = Integer.toUnsignedLong(bb.getInt(vector));
        // count * elementSize never overflows a long; compare against the room left instead of the sum anyway.
        long room = end - (vector + 4L);
        if (count * elementSize > room) {
            throw fail("vector of " + count + " elements of " + elementSize + " bytes runs past the end", vector);
        }
        return (int) count;
    }

    /** {@code maxBytes}: the field's cap, 0 for none but the buffer. */
    private void verifyString(int string, int maxBytes) throws InvalidMessageException {
        checkInside(string, 4, "string length", 4);
        long length = Integer.toUnsignedLong(bb.getInt(string));
        long terminator = string + 4L + length;
        if (terminator >= end) {
            throw fail("string of " + length + " bytes (and its NUL) runs past the end", string);
        }
        if (maxBytes != 0 && length > maxBytes) {
            throw fail("string of " + length + " bytes is longer than " + maxBytes, string);
        }
        charge(STRING_CHARGE + length, string);
        if (bb.get((int) terminator) != 0) {
            throw fail("string is not NUL-terminated", (int) terminator);
        }
        verifyUtf8(string, string + 4, (int) length);
    }

    /** Well-formed UTF-8 (Unicode Table 3-7): exactly what Utf8Safe decodes without throwing. */
    private void verifyUtf8(int string, int from, int length) throws InvalidMessageException {
        // a string referenced again is charged again (above) but scanned once; the charges bound the scanning
        if (string == lastUtf8String) {
            return;
        }
        int i = from;
        int to = from + length;
        while (i < to) {
            // ASCII, the usual case, eight bytes at a time
            while (i + 8 <= to && (bb.getLong(i) & 0x8080808080808080L) == 0) {
                i += 8;
            }
            if (i == to) {
                break;
            }
            int b = bb.get(i);
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int need;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) {
                    min2 = 0xA0; // overlong
                } else if (b == 0xED) {
                    max2 = 0x9F; // surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) {
                    min2 = 0x90; // overlong
                } else if (b == 0xF4) {
                    max2 = 0x8F; // above U+10FFFF
                }
            } else {
                throw fail("string is not valid UTF-8", i);
            }
            if (i + need >= to) {
                throw fail("string ends inside a UTF-8 sequence", i);
            }
            int b2 = bb.get(i + 1) & 0xFF;
            if (b2 < min2 || b2 > max2) {
                throw fail("string is not valid UTF-8", i);
            }
            for (int k = 2; k <= need; k++) {
                int c = bb.get(i + k) & 0xFF;
                if (c < 0x80 || c > 0xBF) {
                    throw fail("string is not valid UTF-8", i);
                }
            }
            i += need + 1;
        }
        lastUtf8String = string;
    }

    /** Takes {@code bytes} from what the message may decode to; refuses it when that runs out. */
    private void charge(long bytes, int at) throws InvalidMessageException {
        budget -= bytes;
        if (budget < 0) {
            throw fail(
                    "message decodes to more than " + EXPANSION_FACTOR + " times its " + (end - base)
                            + " bytes (strings, vectors or tables referenced too many times)",
                    at);
        }
    }

    /** Follows the uoffset at {@code at}: aligned, non-zero, forward, landing inside the buffer. */
    private int target(int at, String what) throws InvalidMessageException {
        checkInside(at, 4, what, 4);
        long offset = Integer.toUnsignedLong(bb.getInt(at));
        if (offset == 0) {
            throw fail(what + " is zero (points to itself)", at);
        }
        long target = at + offset;
        if (target >= end) {
            throw fail(what + " " + offset + " points past the end", at);
        }
        return (int) target;
    }

    private void checkInside(int at, int size, String what, int alignment) throws InvalidMessageException {
        if (at < base || (long) at + size > end) {
            throw fail(what + " is outside the buffer", at);
        }
        if (((at - base) & (alignment - 1)) != 0) {
            throw fail(what + " is misaligned (needs " + alignment + ")", at);
        }
    }

    private int u16(int at) {
        return bb.getShort(at) & 0xFFFF;
    }

    private InvalidMessageException fail(String reason, long absolute) {
        String where =
                contextTable == null ? "" : " in " + contextTable.name + "." + contextTable.slots[contextSlot].name();
        return new InvalidMessageException(reason + where, (int) (absolute - base));
    }
}
