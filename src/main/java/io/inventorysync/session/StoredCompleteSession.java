package io.inventorysync.session;

import io.inventorysync.indexer.CompleteSession;
import io.inventorysync.indexer.SessionItem;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A complete {@link Session} handed to the indexer: its Start and summary as they are, its DataValues read from the
 * store (and decoded) while the indexer consumes them.
 */
final class StoredCompleteSession implements CompleteSession {

    private final Session session;
    private final SessionSummary summary;
    private final RocksDBPayload payload;

    StoredCompleteSession(Session session, RocksDBPayload payload) {
        this.session = session;
        this.summary = session.summary();
        this.payload = payload;
    }

    @Override
    public String agentId() {
        return session.agentId();
    }

    @Override
    public byte mode() {
        return session.mode();
    }

    @Override
    public List<String> indices() {
        return session.indices();
    }

    @Override
    public String clusterName() {
        return session.start().clusterName();
    }

    @Override
    public AgentMetadata agent() {
        return session.start().agent();
    }

    @Override
    public long globalVersion() {
        return session.start().globalVersion();
    }

    @Override
    public long completedAt() {
        return session.completedAt();
    }

    @Override
    public Set<String> cleanIndices() {
        return summary.cleanIndices();
    }

    @Override
    public String checksumIndex() {
        return summary.checksumIndex();
    }

    @Override
    public String checksum() {
        return summary.checksum();
    }

    @Override
    public Stream<SessionItem> items() {
        return payload.readItems(RocksDBKeyspace.PAYLOAD, session.id()).map(stored -> {
            StoredItem item = StoredItem.fromBytes(stored.value());
            return new SessionItem(
                    stored.seq(), item.operation(), item.version(), item.id(), item.index(), item.data());
        });
    }

    @Override
    public String toString() {
        return session.toString();
    }
}
