package io.inventorysync.session;

import io.inventorysync.store.SeqRanges;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The aggregated state of a session, as the aggregator keeps it in RocksDB between messages: received sequence
 * numbers as ranges, whether End was seen, the indices to clean and the module checksum. Small by design — never
 * the items — and encoded with an explicit, versioned binary format.
 */
public final class SessionSummary {

    private static final int FORMAT_VERSION = 1;

    private final long session;
    private final long size;
    private final SeqRanges received;
    private boolean endSeen;
    private final Set<String> cleanIndices;
    private String checksumIndex;
    private String checksum;

    public SessionSummary(long session, long size) {
        this(session, size, new SeqRanges(), false, new TreeSet<>(), null, null);
    }

    private SessionSummary(long session, long size, SeqRanges received, boolean endSeen, Set<String> cleanIndices,
            String checksumIndex, String checksum) {
        this.session = session;
        this.size = size;
        this.received = received;
        this.endSeen = endSeen;
        this.cleanIndices = cleanIndices;
        this.checksumIndex = checksumIndex;
        this.checksum = checksum;
    }

    /** Applies one message's worth of news. */
    public void apply(SessionUpdate update) {
        for (long seq : update.seqs()) {
            received.add(seq);
        }
        if (update.cleanIndex() != null) {
            cleanIndices.add(update.cleanIndex());
        }
        if (update.checksum() != null) {
            checksum = update.checksum();
            checksumIndex = update.checksumIndex();
        }
        endSeen |= update.end();
    }

    /** End was received and every seq in {@code 0..size-1} is here: the completion predicate. */
    public boolean isComplete() {
        return endSeen && received.isComplete(size);
    }

    /** The missing inclusive ranges, ascending, for {@code ReqRet}. */
    public List<SeqRanges.Range> missing() {
        return received.missing(size);
    }

    public long session() {
        return session;
    }

    public long size() {
        return size;
    }

    public boolean endSeen() {
        return endSeen;
    }

    public long receivedCount() {
        return received.receivedCount();
    }

    /** Allowlisted indices named by DataClean, in name order. */
    public Set<String> cleanIndices() {
        return cleanIndices;
    }

    /** The allowlisted index of ChecksumModule, or null. */
    public String checksumIndex() {
        return checksumIndex;
    }

    /** The agent's checksum from ChecksumModule, or null. */
    public String checksum() {
        return checksum;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(session);
            out.writeLong(size);
            out.writeBoolean(endSeen);
            byte[] ranges = received.toBytes();
            out.writeInt(ranges.length);
            out.write(ranges);
            out.writeInt(cleanIndices.size());
            for (String index : cleanIndices) {
                out.writeUTF(index);
            }
            writeNullable(out, checksumIndex);
            writeNullable(out, checksum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SessionSummary fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("session summary format version " + version + " is not supported (expected "
                        + FORMAT_VERSION + ")");
            }
            long session = in.readLong();
            long size = in.readLong();
            boolean endSeen = in.readBoolean();
            byte[] ranges = new byte[in.readInt()];
            in.readFully(ranges);
            int cleanCount = in.readInt();
            Set<String> clean = new TreeSet<>();
            for (int i = 0; i < cleanCount; i++) {
                clean.add(in.readUTF());
            }
            String checksumIndex = readNullable(in);
            String checksum = readNullable(in);
            return new SessionSummary(session, size, SeqRanges.fromBytes(ranges), endSeen, clean, checksumIndex, checksum);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt session summary: " + e.getMessage(), e);
        }
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
