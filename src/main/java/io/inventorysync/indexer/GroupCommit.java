package io.inventorysync.indexer;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import io.inventorysync.indexer.SessionIndexer.Outcome;
import io.inventorysync.indexer.agent.AgentQuery;
import io.inventorysync.indexer.agent.ByQueryResult;
import io.inventorysync.indexer.agent.IndexAllowlist;
import io.inventorysync.indexer.agent.RefreshBefore;
import io.inventorysync.indexer.client.BulkItem;
import io.inventorysync.indexer.client.BulkItemResult;
import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.IndexerResponseException;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes complete data sessions (ModuleFull, ModuleDelta) of different agents together (behaviour.md §5, issue 16):
 * <ol>
 *   <li>one {@code _refresh} of the indices to clean, only when {@link RecentWrites} says an agent's earlier
 *       documents may not be searchable yet;</li>
 *   <li>one delete-by-query per cluster and set of indices, a {@code terms} filter over the agents that clean them;
 *       when it fails, each of its sessions is cleaned on its own, so that only the ones whose clean fails fail;</li>
 *   <li>the sessions' items, streamed from their stores in {@code seq} order, packed into {@code _bulk} requests of at
 *       most {@code bulkMaxBytes} across sessions. Each item's result goes back to its session: a session is Ok only
 *       when every one of its items was accepted, and a refused item or a failed request fails only the sessions
 *       with items in it.</li>
 * </ol>
 * The cleans finish before any item of the group is sent, and the caller never puts two sessions of one agent in a
 * group, so what an agent sent last replaces what it sent before and nothing of the new set is deleted.
 */
final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final String managerClusterName;
    private final String versionedUpsertScript;
    private final int bulkMaxBytes;
    private final RecentWrites recentWrites;
    private final RateLimitedLog skips = new RateLimitedLog(LOG, 10_000);

    GroupCommit(String managerClusterName, String versionedUpsertScript, int bulkMaxBytes, RecentWrites recentWrites) {
        this.managerClusterName = managerClusterName;
        this.versionedUpsertScript = versionedUpsertScript;
        this.bulkMaxBytes = bulkMaxBytes;
        this.recentWrites = recentWrites;
    }

    /** One session of the group and what became of it so far. */
    private final class Member {
        final CompleteSession session;
        final String cluster;
        final AgentDocuments documents;
        final List<String> toClean;
        final Set<String> written = new LinkedHashSet<>();
        String failure;
        long indexed;
        long skipped;

        Member(CompleteSession session) {
            this.session = session;
            this.cluster = session.clusterName().isEmpty() ? managerClusterName : session.clusterName();
            this.documents = new AgentDocuments(session.agentId(), cluster, session.agent(), versionedUpsertScript);
            // DataClean's indices, and for ModuleFull every allowlisted index of the Start, the vulnerabilities index
            // included: agents may clean it (behaviour.md §5 step 2)
            Set<String> clean = new TreeSet<>(session.cleanIndices());
            if (session.mode() == Mode.ModuleFull) {
                session.indices().stream().filter(IndexAllowlist::isAllowed).forEach(clean::add);
            }
            this.toClean = List.copyOf(clean);
        }

        void fail(String reason) {
            if (failure == null) {
                failure = reason;
                LOG.warn("{}: indexing failed: {}", session, reason);
            }
        }

        Outcome outcome() {
            return failure == null
                    ? new Outcome(Status.Ok, null, indexed, skipped)
                    : new Outcome(Status.Error, failure, 0, skipped);
        }
    }

    /** The sessions' outcomes, in the order of {@code sessions}; one agent per session. */
    List<Outcome> index(IndexerRequests requests, List<CompleteSession> sessions) {
        List<Member> members = new ArrayList<>(sessions.size());
        for (CompleteSession session : sessions) {
            members.add(new Member(session));
        }
        clean(requests, members);
        bulk(requests, members);
        List<Outcome> outcomes = new ArrayList<>(members.size());
        for (Member m : members) {
            for (String index : m.written) {
                recentWrites.written(index, m.cluster, m.session.agentId());
            }
            outcomes.add(m.outcome());
        }
        return outcomes;
    }

    // ------------------------------------------------------------------------------------------------ cleans

    private record CleanKey(String cluster, List<String> indices) {}

    private void clean(IndexerRequests requests, List<Member> members) {
        Map<CleanKey, List<Member>> cleans = new LinkedHashMap<>();
        for (Member m : members) {
            if (!m.toClean.isEmpty()) {
                cleans.computeIfAbsent(new CleanKey(m.cluster, m.toClean), k -> new ArrayList<>())
                        .add(m);
            }
        }
        if (cleans.isEmpty()) {
            return;
        }
        // one refresh for the whole group, of the indices where a cleaned agent's documents may not be visible yet
        Set<String> refresh = new TreeSet<>();
        List<Member> needRefresh = new ArrayList<>();
        cleans.forEach((key, cleaning) -> {
            List<String> agents =
                    cleaning.stream().map(m -> m.session.agentId()).toList();
            for (String index : key.indices()) {
                if (recentWrites.needsRefresh(requests, index, key.cluster(), agents)) {
                    refresh.add(index);
                    needRefresh.addAll(cleaning);
                }
            }
        });
        if (!refresh.isEmpty()) {
            String what = "delete-by-query of " + needRefresh.size() + " agent(s) in " + String.join(",", refresh);
            String failed;
            try {
                ByQueryResult result = RefreshBefore.byQuery(requests, List.copyOf(refresh), what);
                failed = result == null ? null : result.reason();
            } catch (IOException e) {
                failed = "refresh before " + what + " failed: " + e.getMessage();
            }
            if (failed != null) {
                // without it the old documents of these agents could outlive their new sessions
                for (Member m : needRefresh) {
                    m.fail(failed);
                }
            }
        }
        cleans.forEach((key, cleaning) -> {
            List<Member> ready =
                    cleaning.stream().filter(m -> m.failure == null).toList();
            if (ready.isEmpty()) {
                return;
            }
            String failure = deleteByQuery(requests, key, ready);
            if (failure == null) {
                return;
            }
            if (ready.size() == 1) {
                ready.get(0).fail(failure);
                return;
            }
            // the shared request cannot say whose documents failed: each session is cleaned on its own
            LOG.debug("{}: cleaning the {} agents one by one", failure, ready.size());
            for (Member m : ready) {
                String own = deleteByQuery(requests, key, List.of(m));
                if (own != null) {
                    m.fail(own);
                }
            }
        });
    }

    /** Deletes the members' agents' documents of the key's cluster in its indices: null when complete, else why not. */
    private static String deleteByQuery(IndexerRequests requests, CleanKey key, List<Member> members) {
        List<String> agents = members.stream().map(m -> m.session.agentId()).toList();
        String what = "delete-by-query of agent" + (agents.size() == 1 ? " " : "s ") + String.join(",", agents) + " in "
                + String.join(",", key.indices());
        Query query = AgentQuery.agentsAndCluster(agents, key.cluster());
        ByQueryResult result;
        try {
            try {
                result = ByQueryResult.of(
                        what,
                        requests.client()
                                .deleteByQuery(d -> d.index(key.indices())
                                        .conflicts(Conflicts.Proceed)
                                        .ignoreUnavailable(true)
                                        .allowNoIndices(true)
                                        .query(query)));
            } catch (IndexerResponseException e) {
                if (e.status() == 404) {
                    return null; // none of the indices exists: nothing to delete
                }
                result = ByQueryResult.refused(what, e);
            }
        } catch (IOException e) {
            // out of reach, or busy past the retries
            return "indexer request failed: " + e.getMessage();
        }
        // a 200 can still be incomplete (timed out, per-document failures): the old documents would outlive the session
        return result.success() ? null : result.reason();
    }

    // ------------------------------------------------------------------------------------------------ items

    /** A {@code _bulk} being filled: its items and, for each, the member it belongs to. */
    private static final class Chunk {
        final List<BulkItem> items = new ArrayList<>();
        final List<Member> owners = new ArrayList<>();
        long bytes;

        void add(BulkItem item, Member owner) {
            items.add(item);
            owners.add(owner);
            bytes += item.lines().length;
        }
    }

    private void bulk(IndexerRequests requests, List<Member> members) {
        Chunk chunk = new Chunk();
        for (Member m : members) {
            if (m.failure != null) {
                continue;
            }
            try (Stream<SessionItem> items = m.session.items()) {
                Iterator<SessionItem> it = items.iterator();
                while (it.hasNext() && m.failure == null) {
                    BulkItem item = toBulkItem(m, it.next());
                    if (item == null) {
                        continue;
                    }
                    if (!chunk.items.isEmpty() && chunk.bytes + item.lines().length > bulkMaxBytes) {
                        send(requests, chunk);
                        chunk = new Chunk();
                    }
                    chunk.add(item, m);
                }
            } catch (RuntimeException e) {
                // the store could not read this session's items: only it fails
                m.fail("its items could not be read: " + e);
            }
        }
        if (!chunk.items.isEmpty()) {
            send(requests, chunk);
        }
    }

    /** Sends one chunk and hands each item's result to its member. */
    private static void send(IndexerRequests requests, Chunk chunk) {
        List<BulkItemResult> results;
        try {
            results = requests.bulk(chunk.items);
        } catch (IOException | RuntimeException e) {
            String reason = "indexer request failed: " + e.getMessage();
            for (Member m : new LinkedHashSet<>(chunk.owners)) {
                m.fail(reason);
            }
            return;
        }
        for (int i = 0; i < results.size(); i++) {
            BulkItemResult r = results.get(i);
            Member m = chunk.owners.get(i);
            if (SessionIndexer.accepted(r)) {
                m.indexed++;
                m.written.add(r.index());
            } else {
                // the id is the agent's, and the indexer's reason may quote the agent's document: escaped for the log
                m.fail("index " + LogText.printable(r.index()) + " refused document " + LogText.printable(r.id(), 200)
                        + " (" + r.action() + ", HTTP " + r.status() + "): " + LogText.printable(r.errorType()) + ": "
                        + LogText.printable(r.errorReason(), 300));
            }
        }
    }

    /** The bulk item of a stored DataValue, or null when it is skipped (warning logged; the session still succeeds). */
    private BulkItem toBulkItem(Member m, SessionItem item) {
        long seq = item.seq();
        String index = item.index();
        if (!IndexAllowlist.isWritable(index)) {
            return skip(m, seq, "index '" + LogText.printable(index) + "' is not writable by agents");
        }
        if (item.id().isEmpty()) {
            return skip(m, seq, "empty id");
        }
        String id = m.documents.documentId(item.id());
        switch (item.operation()) {
            case Operation.Upsert -> {
                if (item.data().length == 0) {
                    return skip(m, seq, "Upsert without data");
                }
                if (item.version() < 0) {
                    // a ulong above Long.MAX_VALUE: OpenSearch cannot store it as a long, and as a signed one it would
                    // compare as older than every stored version
                    return skip(
                            m, seq, "version " + Long.toUnsignedString(item.version()) + " is above " + Long.MAX_VALUE);
                }
                try {
                    return item.version() == 0
                            ? m.documents.index(index, id, item.data())
                            : m.documents.versionedUpsert(index, id, item.data(), item.version());
                } catch (IllegalArgumentException e) {
                    return skip(m, seq, e.getMessage());
                }
            }
            case Operation.Delete -> {
                return m.documents.delete(index, id);
            }
            default -> {
                m.fail("item seq " + seq + " has the unknown operation " + item.operation());
                return null;
            }
        }
    }

    private BulkItem skip(Member m, long seq, String why) {
        m.skipped++;
        skips.warn("skip", "{}: item seq {} skipped: {}", m.session, Long.toUnsignedString(seq), why);
        return null;
    }
}
