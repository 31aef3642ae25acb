package io.inventorysync.indexer;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.indexer.agent.AgentDocumentUpdates;
import io.inventorysync.indexer.agent.AgentUpdateMode;
import io.inventorysync.indexer.agent.ByQueryResult;
import io.inventorysync.indexer.agent.ChecksumVerdict;
import io.inventorysync.indexer.agent.IndexAllowlist;
import io.inventorysync.indexer.agent.ModuleChecksum;
import io.inventorysync.indexer.agent.RefreshBefore;
import io.inventorysync.indexer.client.BulkItem;
import io.inventorysync.indexer.client.BulkItemResult;
import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.IndexerResponseException;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.opensearch.client.opensearch._types.Conflicts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a complete data session into indexer requests (behaviour.md §5): the DataClean and ModuleFull
 * delete-by-queries, then the stored DataValues in {@code seq} order, streamed from the session's store into {@code _bulk}
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
            String managerClusterName,
            String versionedUpsertScript,
            int bulkMaxBytes,
            Duration retryDeadline) {
        this.indexer = indexer;
        this.retryDeadlineNanos = retryDeadline.toNanos();
        this.managerClusterName = managerClusterName;
        this.versionedUpsertScript = versionedUpsertScript;
        this.bulkMaxBytes = bulkMaxBytes;
    }

    /** Data modes are indexed (§5); ModuleCheck compares checksums (§6); metadata and group modes update (§7). */
    public Outcome index(CompleteSession session) {
        IndexerRequests requests = indexer.until(session.completedAt() + retryDeadlineNanos);
        String cluster = session.clusterName().isEmpty() ? managerClusterName : session.clusterName();
        if (session.mode() == Mode.ModuleCheck) {
            return check(requests, session, cluster);
        }
        Optional<AgentUpdateMode> update = AgentUpdateMode.of(session.mode());
        if (update.isPresent() && update.get().versioned() && session.globalVersion() < 0) {
            // a ulong above Long.MAX_VALUE: OpenSearch stores versions as signed longs, and the guard would compare it
            // as a negative number
            BAD_INPUT.warn(
                    "global-version",
                    "{}: global_version {} is above {} and cannot be stored; session failed",
                    session,
                    Long.toUnsignedString(session.globalVersion()),
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
                            session.agent(),
                            session.globalVersion());
            if (!result.success()) {
                LOG.warn("{}: {} failed: {}", session, update.get(), result.reason());
                return Outcome.failed(result.reason());
            }
            return new Outcome(Status.Ok, null, result.updated(), result.noops());
        }
        AgentDocuments documents =
                new AgentDocuments(session.agentId(), cluster, session.agent(), versionedUpsertScript);
        try {
            // one refresh and one delete-by-query over every index to clean (DataClean) or to replace (ModuleFull)
            Set<String> toDelete = new TreeSet<>(session.cleanIndices());
            if (session.mode() == Mode.ModuleFull) {
                // every allowlisted index, the vulnerabilities index included: agents may clean it (behaviour.md §5
                // step 2)
                session.indices().stream().filter(IndexAllowlist::isAllowed).forEach(toDelete::add);
            }
            if (!toDelete.isEmpty()) {
                deleteAgentDocuments(requests, session, documents, List.copyOf(toDelete));
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

    private Outcome check(IndexerRequests requests, CompleteSession session, String cluster) {
        if (session.checksumIndex() == null) {
            BAD_INPUT.warn("checksum-index", "{}: ModuleCheck without an allowlisted ChecksumModule index", session);
            return Outcome.failed("no allowlisted checksum index");
        }
        ChecksumVerdict verdict = new ModuleChecksum(requests)
                .check(session.checksumIndex(), session.agentId(), cluster, session.checksum());
        return new Outcome(
                verdict.status(), verdict == ChecksumVerdict.ERROR ? "checksum could not be computed" : null, 0, 0);
    }

    /** {@code indices}: every one allowlisted (agents cannot name wildcards or system indices). */
    private void deleteAgentDocuments(
            IndexerRequests requests, CompleteSession session, AgentDocuments documents, List<String> indices)
            throws IOException {
        String what = "delete-by-query of agent " + session.agentId() + " in " + String.join(",", indices);
        // delete-by-query sees only searchable documents: make the agent's last acknowledged session visible first
        ByQueryResult refresh = RefreshBefore.byQuery(requests, indices, what);
        if (refresh != null) {
            throw new SessionFailure(refresh.reason());
        }
        ByQueryResult result;
        try {
            result = ByQueryResult.of(
                    what,
                    requests.client()
                            .deleteByQuery(d -> d.index(indices)
                                    .conflicts(Conflicts.Proceed)
                                    .ignoreUnavailable(true)
                                    .allowNoIndices(true)
                                    .query(documents.agentQuery())));
        } catch (IndexerResponseException e) {
            if (e.status() == 404) {
                return; // none of the indices exists: nothing to delete
            }
            result = ByQueryResult.refused(what, e);
        }
        // a 200 can still be incomplete (timed out, per-document failures): the old documents would outlive the session
        if (!result.success()) {
            throw new SessionFailure(result.reason());
        }
    }

    private Outcome bulk(IndexerRequests requests, CompleteSession session, AgentDocuments documents)
            throws IOException {
        long indexed = 0;
        long skipped = 0;
        List<BulkItem> chunk = new ArrayList<>();
        long chunkBytes = 0;
        try (Stream<SessionItem> items = session.items()) {
            Iterator<SessionItem> it = items.iterator();
            while (it.hasNext()) {
                BulkItem item = toBulkItem(session, documents, it.next());
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
    private BulkItem toBulkItem(CompleteSession session, AgentDocuments documents, SessionItem item) {
        long seq = item.seq();
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

    private BulkItem skip(CompleteSession session, long seq, String why) {
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
