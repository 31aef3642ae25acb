package io.inventorysync.session;

import io.inventorysync.store.RocksDBPayload;
import java.util.function.Consumer;

/**
 * Deletes a closed session's items (one range delete), whatever closed it: indexed, expired, replaced, not queued.
 * None for a session that never got a message: a burst of Starts that expire would otherwise leave thousands of range
 * tombstones for nothing. Registered with {@link SessionAdmission#onClose}.
 */
public final class ClosedSessionItems implements Consumer<Session> {

    private final RocksDBPayload store;

    public ClosedSessionItems(RocksDBPayload store) {
        this.store = store;
    }

    @Override
    public void accept(Session session) {
        if (session.touched()) {
            store.deleteItems(session.id());
        }
    }
}
