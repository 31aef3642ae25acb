package io.inventorysync.indexer;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.indexer.agent.AgentDocumentUpdates;
import io.inventorysync.indexer.agent.AgentUpdateMode;
import io.inventorysync.indexer.agent.ByQueryResult;
import io.inventorysync.indexer.agent.ChecksumVerdict;
import io.inventorysync.indexer.agent.ModuleChecksum;
import io.inventorysync.indexer.agent.Refresh;
import io.inventorysync.session.Session;
import io.inventorysync.session.SessionSummary;
import io.inventorysync.session.StoredItem;
import io.inventorysync.store.RocksDBItem;
import io.inventorysync.store.RocksDBKeyspace;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a complete data session into indexer requests (behaviour.md §5): the DataClean and ModuleFull
 * delete-by-queries, then the stored DataValues in {@code seq} order, streamed from RocksDB into {@code _bulk}
 * chunks of at most {@code bulkMaxBytes}. The outcome is Ok only when every request of this session succeeded.
 */
public final class SessionIndexer {

    private static final Logger LOG = LoggerFactory.getLogger(SessionIndexer.class);
    // agents choose the indices: their mistakes are logged at most once per 10 s, with the count of the rest
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);

    /** What became of a session: the EndAck status, the failure's reason (already logged), what was sent. */
    public record Outcome(byte status, String reason, long indexed, long skipped) {
        public static Outcome failed(String reason) {
            return new Outcome(Status.Error, reason, 0, 0);
        }

        public boolean ok() {
            return status == Status.Ok;
        }
    }

    private final RateLimitedLog skips = new RateLimitedLog(LOG, 10_000);
    private final IndexerRequests indexer;
    private final RocksDBPayload store;
    private final String managerClusterName;
    private final String versionedUpsertScript;
    private final int bulkMaxBytes;

    private final long retryDeadlineNanos;

    /**
     * @param retryDeadline how long after its completion a session may wait for the indexer in all
     *                      ({@code inventory.indexer.retry-deadline})
     */
    public SessionIndexer(
            IndexerRequests indexer,
            RocksDBPayload store,
            String managerClusterName,
            String versionedUpsertScript,
            int bulkMaxBytes,
            java.time.Duration retryDeadline) {
        this.indexer = indexer;
        this.retryDeadlineNanos = retryDeadline.toNanos();
        this.store = store;
        this.managerClusterName = managerClusterName;
        this.versionedUpsertScript = versionedUpsertScript;
        this.bulkMaxBytes = bulkMaxBytes;
    }

    /** Data modes are indexed (§5); ModuleCheck compares checksums (§6); metadata and group modes update (§7). */
    public Outcome index(Session session, SessionSummary summary) {
        IndexerRequests requests = indexer.until(session.completedAt() + retryDeadlineNanos);
        String cluster = session.start().clusterName().isEmpty()
                ? managerClusterName
                : session.start().clusterName();
        if (session.mode() == Mode.ModuleCheck) {
            return check(requests, session, summary, cluster);
        }
        Optional<AgentUpdateMode> update = AgentUpdateMode.of(session.mode());
        if (update.isPresent() && update.get().versioned() && session.start().globalVersion() < 0) {
            // a ulong above Long.MAX_VALUE: OpenSearch stores versions as signed longs, and the guard would compare it
            // as a negative number
            BAD_INPUT.warn(
                    "global-version",
                    "{}: global_version {} is above {} and cannot be stored; session failed",
                    session,
                    Long.toUnsignedString(session.start().globalVersion()),
                    Long.MAX_VALUE);
            return Outcome.failed("global_version above " + Long.MAX_VALUE);
        }
        if (update.isPresent()) {
            ByQueryResult result = new AgentDocumentUpdates(requests)
                    .apply(
                            update.get(),
                            session.indices(),
                            session.agentId(),
                            cluster,
                            session.start().agent(),
                            session.start().globalVersion());
            if (!result.success()) {
                LOG.warn("{}: {} failed: {}", session, update.get(), result.reason());
                return Outcome.failed(result.reason());
            }
            return new Outcome(Status.Ok, null, result.updated(), result.noops());
        }
        AgentDocuments documents =
                new AgentDocuments(session.agentId(), cluster, session.start().agent(), versionedUpsertScript);
        try {
            // one refresh and one delete-by-query over every index to clean (DataClean) or to replace (ModuleFull)
            Set<String> toDelete = new TreeSet<>(summary.cleanIndices());
            if (session.mode() == Mode.ModuleFull) {
                // every allowlisted index, the vulnerabilities index included: agents may clean it (behaviour.md §5
                // step 2)
                session.indices().stream().filter(IndexAllowlist::isAllowed).forEach(toDelete::add);
            }
            if (!toDelete.isEmpty()) {
                deleteAgentDocuments(requests, session, documents, String.join(",", toDelete));
            }
            return bulk(requests, session, documents);
        } catch (SessionFailure e) {
            LOG.warn("{}: indexing failed: {}", session, e.getMessage());
            return Outcome.failed(e.getMessage());
        } catch (IOException e) {
            String reason = "indexer request failed: " + e.getMessage();
            LOG.warn("{}: {}", session, reason);
            return Outcome.failed(reason);
        }
    }

    private Outcome check(IndexerRequests requests, Session session, SessionSummary summary, String cluster) {
        if (summary.checksumIndex() == null) {
            BAD_INPUT.warn("checksum-index", "{}: ModuleCheck without an allowlisted ChecksumModule index", session);
            return Outcome.failed("no allowlisted checksum index");
        }
        ChecksumVerdict verdict = new ModuleChecksum(requests)
                .check(summary.checksumIndex(), session.agentId(), cluster, summary.checksum());
        return new Outcome(
                verdict.status(), verdict == ChecksumVerdict.ERROR ? "checksum could not be computed" : null, 0, 0);
    }

    /** {@code indices}: comma-separated, every one allowlisted (agents cannot name wildcards or system indices). */
    private void deleteAgentDocuments(
            IndexerRequests requests, Session session, AgentDocuments documents, String indices) throws IOException {
        String what = "delete-by-query of agent " + session.agentId() + " in " + indices;
        // delete-by-query sees only searchable documents: make the agent's last acknowledged session visible first
        ByQueryResult refresh = Refresh.before(
                requests, "/" + indices + "/_refresh?ignore_unavailable=true&allow_no_indices=true", what);
        if (refresh != null) {
            throw new SessionFailure(refresh.reason());
        }
        Response response = requests.execute(
                "POST",
                "/" + indices + "/_delete_by_query?conflicts=proceed&ignore_unavailable=true&allow_no_indices=true",
                AgentDocuments.toBytes(documents.agentQuery()));
        if (response.status() == 404) {
            return; // none of the indices exists: nothing to delete
        }
        // a 200 can still be incomplete (timed out, per-document failures): the old documents would outlive the session
        ByQueryResult result = ByQueryResult.of(what, response);
        if (!result.success()) {
            throw new SessionFailure(result.reason());
        }
    }

    private Outcome bulk(IndexerRequests requests, Session session, AgentDocuments documents) throws IOException {
        long indexed = 0;
        long skipped = 0;
        List<BulkItem> chunk = new ArrayList<>();
        long chunkBytes = 0;
        try (Stream<RocksDBItem> items = store.readItems(RocksDBKeyspace.PAYLOAD, session.id())) {
            Iterator<RocksDBItem> it = items.iterator();
            while (it.hasNext()) {
                RocksDBItem stored = it.next();
                BulkItem item = toBulkItem(session, documents, stored.seq(), StoredItem.fromBytes(stored.value()));
                if (item == null) {
                    skipped++;
                    continue;
                }
                if (!chunk.isEmpty() && chunkBytes + item.lines().length > bulkMaxBytes) {
                    indexed += send(requests, chunk);
                    chunk = new ArrayList<>();
                    chunkBytes = 0;
                }
                chunk.add(item);
                chunkBytes += item.lines().length;
            }
        }
        if (!chunk.isEmpty()) {
            indexed += send(requests, chunk);
        }
        return new Outcome(Status.Ok, null, indexed, skipped);
    }

    /** The bulk item of a stored DataValue, or null when it is skipped (warning logged; the session still succeeds). */
    private BulkItem toBulkItem(Session session, AgentDocuments documents, long seq, StoredItem item) {
        String index = item.index();
        if (!IndexAllowlist.isWritable(index)) {
            return skip(session, seq, "index '" + LogText.printable(index) + "' is not writable by agents");
        }
        if (item.id().isEmpty()) {
            return skip(session, seq, "empty id");
        }
        String id = documents.documentId(item.id());
        switch (item.operation()) {
            case Operation.Upsert -> {
                if (item.data().length == 0) {
                    return skip(session, seq, "Upsert without data");
                }
                ObjectNode doc;
                try {
                    doc = documents.document(item.data());
                } catch (IllegalArgumentException e) {
                    return skip(session, seq, e.getMessage());
                }
                if (item.version() < 0) {
                    // a ulong above Long.MAX_VALUE: OpenSearch cannot store it as a long, and as a signed one it would
                    // compare as older than every stored version
                    return skip(
                            session,
                            seq,
                            "version " + Long.toUnsignedString(item.version()) + " is above " + Long.MAX_VALUE);
                }
                return item.version() == 0
                        ? documents.index(index, id, doc)
                        : documents.versionedUpsert(index, id, doc, item.version());
            }
            case Operation.Delete -> {
                return documents.delete(index, id);
            }
            default -> throw new SessionFailure("item seq " + seq + " has the unknown operation " + item.operation());
        }
    }

    /** Sends one chunk; every item must be accepted (200/201, delete 404, version conflict of an update: a versioned upsert). */
    private long send(IndexerRequests requests, List<BulkItem> chunk) throws IOException {
        List<BulkItemResult> results = requests.bulk(chunk);
        for (BulkItemResult r : results) {
            if (!accepted(r)) {
                // the id is the agent's, and the indexer's reason may quote the agent's document: escaped for the log
                throw new SessionFailure("index " + LogText.printable(r.index()) + " refused document "
                        + LogText.printable(r.id(), 200)
                        + " (" + r.action() + ", HTTP " + r.status() + "): " + LogText.printable(r.errorType()) + ": "
                        + LogText.printable(r.errorReason(), 300));
            }
        }
        return results.size();
    }

    static boolean accepted(BulkItemResult r) {
        if (r.status() == 200 || r.status() == 201) {
            return true;
        }
        if (r.status() == 404 && "delete".equals(r.action())) {
            return true;
        }
        // only the versioned upsert may conflict by design (a stored newer version); the service sends index and delete
        // without versions, so a 409 on them is something else and must not be acknowledged
        return r.status() == 409
                && "update".equals(r.action())
                && "version_conflict_engine_exception".equals(r.errorType());
    }

    private BulkItem skip(Session session, long seq, String why) {
        skips.warn("skip", "{}: item seq {} skipped: {}", session, Long.toUnsignedString(seq), why);
        return null;
    }

    /** A failure that ends this session with EndAck{Error}, carrying the indexer's reason. */
    private static final class SessionFailure extends RuntimeException {
        SessionFailure(String message) {
            super(message, null, false, false);
        }
    }
}
