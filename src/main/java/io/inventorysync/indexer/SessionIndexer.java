package io.inventorysync.indexer;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.agent.AgentDocumentUpdates;
import io.inventorysync.indexer.agent.AgentUpdateMode;
import io.inventorysync.indexer.agent.ByQueryResult;
import io.inventorysync.indexer.agent.ChecksumVerdict;
import io.inventorysync.indexer.agent.ModuleChecksum;
import io.inventorysync.indexer.client.BulkItemResult;
import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.support.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns complete sessions into indexer requests: data sessions (behaviour.md §5) together, by {@link GroupCommit};
 * ModuleCheck (§6) and the metadata and group modes (§7) one by one. A session's outcome is Ok only when every request
 * of this session succeeded, whatever became of the others.
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

    private final IndexerRequests indexer;
    private final String managerClusterName;
    private final GroupCommit groupCommit;

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
        this(indexer, managerClusterName, versionedUpsertScript, bulkMaxBytes, retryDeadline, new RecentWrites());
    }

    /** @param recentWrites which agents' documents may not be searchable yet (refresh before their cleans) */
    public SessionIndexer(
            IndexerRequests indexer,
            String managerClusterName,
            String versionedUpsertScript,
            int bulkMaxBytes,
            Duration retryDeadline,
            RecentWrites recentWrites) {
        this.indexer = indexer;
        this.retryDeadlineNanos = retryDeadline.toNanos();
        this.managerClusterName = managerClusterName;
        this.groupCommit = new GroupCommit(managerClusterName, versionedUpsertScript, bulkMaxBytes, recentWrites);
    }

    /**
     * Indexes sessions of different agents (never two of one agent: their order would be lost) and returns their
     * outcomes in the same order. The data sessions share their refresh, cleans and {@code _bulk} requests; the
     * group waits for the indexer until the retry deadline of its oldest session.
     */
    public List<Outcome> index(List<? extends CompleteSession> sessions) {
        Outcome[] outcomes = new Outcome[sessions.size()];
        List<CompleteSession> data = new ArrayList<>(sessions.size());
        List<Integer> positions = new ArrayList<>(sessions.size());
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < sessions.size(); i++) {
            CompleteSession session = sessions.get(i);
            if (isData(session.mode())) {
                data.add(session);
                positions.add(i);
                oldest = Math.min(oldest, session.completedAt());
            } else {
                outcomes[i] = index(session);
            }
        }
        if (!data.isEmpty()) {
            List<Outcome> indexed;
            try {
                indexed = groupCommit.index(indexer.until(oldest + retryDeadlineNanos), data);
            } catch (RuntimeException e) {
                LOG.error("indexing of {} sessions failed unexpectedly", data.size(), e);
                indexed = Collections.nCopies(data.size(), Outcome.failed(e.toString()));
            }
            for (int i = 0; i < positions.size(); i++) {
                outcomes[positions.get(i)] = indexed.get(i);
            }
        }
        return Arrays.asList(outcomes);
    }

    private static boolean isData(byte mode) {
        return mode != Mode.ModuleCheck && AgentUpdateMode.of(mode).isEmpty();
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
        return groupCommit.index(requests, List.of(session)).get(0);
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
}
