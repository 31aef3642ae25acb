package io.inventorysync.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link SessionUpdate}s of a run of messages, in order, with the sequence numbers a session receives merged into
 * one update until something else of that session comes (End, checksum; a DataClean is a received seq): one aggregation — one read and
 * write of the session's summary — per session and read, instead of one per message. Updates of different sessions
 * are independent (each has its own summary), so only each session's own order is kept.
 */
final class SessionUpdateRun {

    private final List<Object> updates = new ArrayList<>(2);
    private final Map<Long, Received> open = new HashMap<>(4);
    private Received last;

    /** {@code seq} of {@code session} was stored. */
    void received(long session, long seq) {
        Received r = last != null && last.session == session ? last : open.get(session);
        if (r == null) {
            r = new Received(session);
            open.put(session, r);
            updates.add(r);
        }
        r.add(seq);
        last = r;
    }

    /** An update other than received sequence numbers (End, checksum): it closes the session's merged run. */
    void add(SessionUpdate update) {
        open.remove(update.session());
        if (last != null && last.session == update.session()) {
            last = null;
        }
        updates.add(update);
    }

    List<SessionUpdate> toList() {
        List<SessionUpdate> list = new ArrayList<>(updates.size());
        for (Object u : updates) {
            list.add(
                    u instanceof Received r
                            ? SessionUpdate.received(r.session, Arrays.copyOf(r.seqs, r.count))
                            : (SessionUpdate) u);
        }
        return list;
    }

    /** The sequence numbers of one session, in arrival order. */
    private static final class Received {
        final long session;
        long[] seqs = new long[16];
        int count;

        Received(long session) {
            this.session = session;
        }

        void add(long seq) {
            if (count == seqs.length) {
                seqs = Arrays.copyOf(seqs, count * 2);
            }
            seqs[count++] = seq;
        }
    }
}
