package io.inventorysync.indexer;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few ASN.1 DER pieces private-key parsing needs: read a TLV, split a SEQUENCE, read an INTEGER, and write
 * a TLV. Not a general ASN.1 library; anything unexpected throws {@link IllegalArgumentException}.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    /** One element: tag byte and content bytes. */
    record Tlv(int tag, byte[] value) {
        List<Tlv> children() {
            return Der.readAll(value);
        }

        BigInteger integer() {
            if (tag != INTEGER) {
                throw new IllegalArgumentException("expected INTEGER, found tag 0x" + Integer.toHexString(tag));
            }
            return new BigInteger(value);
        }

        byte[] encoded() {
            return Der.encode(tag, value);
        }
    }

    private Der() {}

    /** The single element that {@code der} must consist of. */
    static Tlv read(byte[] der) {
        List<Tlv> all = readAll(der);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one DER element, found " + all.size());
        }
        return all.get(0);
    }

    static Tlv sequence(byte[] der) {
        Tlv t = read(der);
        if (t.tag() != SEQUENCE) {
            throw new IllegalArgumentException("expected SEQUENCE, found tag 0x" + Integer.toHexString(t.tag()));
        }
        return t;
    }

    static List<Tlv> readAll(byte[] der) {
        List<Tlv> out = new ArrayList<>();
        int i = 0;
        while (i < der.length) {
            int tag = der[i++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("multi-byte DER tags are not supported");
            }
            if (i >= der.length) {
                throw new IllegalArgumentException("truncated DER length");
            }
            int len = der[i++] & 0xff;
            if (len > 0x7f) {
                int n = len & 0x7f;
                if (n == 0 || n > 4 || i + n > der.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                len = 0;
                for (int k = 0; k < n; k++) {
                    len = (len << 8) | (der[i++] & 0xff);
                }
            }
            if (len < 0 || i + len > der.length) {
                throw new IllegalArgumentException("DER element longer than its container");
            }
            out.add(new Tlv(tag, Arrays.copyOfRange(der, i, i + len)));
            i += len;
        }
        return out;
    }

    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int len = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else {
            byte[] l = BigInteger.valueOf(len).toByteArray();
            int off = l[0] == 0 ? 1 : 0;
            out.write(0x80 | (l.length - off));
            out.write(l, off, l.length - off);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
