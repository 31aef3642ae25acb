package io.inventorysync.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Finds tables, vtables and fields inside a (valid) body, so tests can corrupt exactly one thing. */
final class Layout {

    final byte[] body;
    final ByteBuffer bb;

    Layout(byte[] body) {
        this.body = body;
        this.bb = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    }

    int root() {
        return bb.getInt(0);
    }

    int vtable(int table) {
        return table - bb.getInt(table);
    }

    /** Absolute position of a field's inline value, or -1 when absent. */
    int field(int table, int slot) {
        int vt = vtable(table);
        int entry = 4 + 2 * slot;
        if (entry >= bb.getShort(vt)) {
            return -1;
        }
        int fo = bb.getShort(vt + entry);
        return fo == 0 ? -1 : table + fo;
    }

    /** Position of the vtable entry of a slot. */
    int vtableEntry(int table, int slot) {
        return vtable(table) + 4 + 2 * slot;
    }

    int deref(int at) {
        return at + bb.getInt(at);
    }

    int contentTypeField() {
        return field(root(), 0);
    }

    int content() {
        return deref(field(root(), 1));
    }

    /** Position of the first occurrence of an ASCII string's bytes. */
    int find(String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= body.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found: " + ascii);
    }

    Layout putInt(int at, int value) {
        bb.putInt(at, value);
        return this;
    }

    Layout putShort(int at, int value) {
        bb.putShort(at, (short) value);
        return this;
    }

    Layout put(int at, int value) {
        bb.put(at, (byte) value);
        return this;
    }
}
