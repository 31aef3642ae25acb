package io.inventorysync.indexing;

import org.apache.camel.Exchange;

/** How a front door finds its sessions among the queued exchanges of {@code seda:session-indexing}. */
@FunctionalInterface
public interface QueuedSessions {

    /** The pending session a queued exchange stands for, or null (another front door's, or no longer wanted). */
    QueuedSession of(Exchange queued);

    /** The first answer of these front doors. */
    static QueuedSessions anyOf(QueuedSessions... doors) {
        return queued -> {
            for (QueuedSessions door : doors) {
                QueuedSession session = door.of(queued);
                if (session != null) {
                    return session;
                }
            }
            return null;
        };
    }
}
