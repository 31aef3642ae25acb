package io.inventorysync.indexer.agent;

import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.IndexerResponseException;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.BuiltinScriptLanguage;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata and group sessions (behaviour.md §7): one {@code _update_by_query} over the session's writable indices,
 * limited to the agent's documents of the session's cluster, with the painless script of the mode.
 *
 * <p>The indices are refreshed first: an update-by-query only finds searchable documents, and documents a data
 * session indexed just before (acknowledged, not yet refreshed) must be updated too.
 */
public final class AgentDocumentUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(AgentDocumentUpdates.class);
    // agents choose the indices: their mistakes are logged at most once per 10 s, with the count of the rest
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);
    static final String STATE_VERSION = "state.document_version";

    private final IndexerRequests requests;
    private final Clock clock;

    public AgentDocumentUpdates(IndexerRequests requests) {
        this(requests, Clock.systemUTC());
    }

    /** With a clock for {@code state.modified_at}, so tests can fix it. */
    public AgentDocumentUpdates(IndexerRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * Runs the update. Indices that are not writable for agents are dropped with a warning; with none left nothing is
     * sent and the result is a success. Never throws for indexer trouble: an unreachable indexer, an HTTP error or
     * per-document failures make a failed result with its reason.
     *
     * @param agentId       the 3-padded agent id
     * @param clusterName   the session's cluster name
     * @param globalVersion the Start's {@code global_version} (delta modes only)
     */
    public ByQueryResult apply(
            AgentUpdateMode mode,
            List<String> indices,
            String agentId,
            String clusterName,
            AgentMetadata agent,
            long globalVersion) {
        List<String> targets = writable(indices, agentId);
        if (targets.isEmpty()) {
            LOG.debug("{} of agent {}: no writable index, nothing to update", mode, agentId);
            return ByQueryResult.nothingToDo();
        }
        String what = mode + " of agent " + agentId + " in " + targets;
        ByQueryResult result;
        try {
            result = RefreshBefore.byQuery(requests, targets, what);
            if (result == null) {
                result = update(what, mode, targets, agentId, clusterName, agent, globalVersion);
            }
        } catch (IOException e) {
            result = ByQueryResult.failure(what + " could not reach the indexer: " + e.getMessage());
        }
        if (result.success()) {
            LOG.debug(
                    "{}: {} updated, {} unchanged, {} version conflicts",
                    what,
                    result.updated(),
                    result.noops(),
                    result.versionConflicts());
        } else {
            LOG.warn("Agent update failed: {}", result.reason());
        }
        return result;
    }

    private ByQueryResult update(
            String what,
            AgentUpdateMode mode,
            List<String> targets,
            String agentId,
            String clusterName,
            AgentMetadata agent,
            long globalVersion)
            throws IOException {
        List<AgentField> fields = mode.allMetadata()
                ? AgentFields.metadata(agentId, clusterName, agent)
                : AgentFields.groups(agent.groups());
        Map<String, JsonData> params = new LinkedHashMap<>();
        params.put("fields", JsonData.of(AgentFields.toParams(fields)));
        Query query;
        String source;
        if (mode.versioned()) {
            query = AgentQuery.agentAndCluster(agentId, clusterName, versionAtMost(globalVersion));
            source = PainlessScripts.agentFieldsDelta();
            params.put("global_version", JsonData.of(globalVersion));
            params.put("now", JsonData.of(now()));
        } else {
            query = AgentQuery.agentAndCluster(agentId, clusterName);
            source = PainlessScripts.agentFieldsCheck();
        }
        try {
            return ByQueryResult.of(
                    what,
                    requests.client()
                            .updateByQuery(u -> u.index(targets)
                                    .conflicts(Conflicts.Proceed)
                                    .refresh(Refresh.True)
                                    // an index the agent names but that was never created has nothing to update
                                    .ignoreUnavailable(true)
                                    .allowNoIndices(true)
                                    .query(query)
                                    .script(s -> s.inline(i -> i.lang(l -> l.builtin(BuiltinScriptLanguage.Painless))
                                            .source(source)
                                            .params(params)))));
        } catch (IndexerResponseException e) {
            return ByQueryResult.refused(what, e);
        }
    }

    /** Only documents without a version or with one ≤ the session's: newer documents are not even visited. */
    private static Query versionAtMost(long globalVersion) {
        Query unversioned = Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field(STATE_VERSION)))));
        Query older = Query.of(q -> q.range(r -> r.field(STATE_VERSION).lte(JsonData.of(globalVersion))));
        return Query.of(q -> q.bool(b -> b.should(unversioned, older).minimumShouldMatch("1")));
    }

    /** ISO-8601 UTC with millisecond precision, like the documents' other timestamps. */
    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
    }

    private static List<String> writable(List<String> indices, String agentId) {
        List<String> out = new ArrayList<>();
        for (String index : new LinkedHashSet<>(indices)) {
            if (IndexAllowlist.isWritable(index)) {
                out.add(index);
            } else {
                BAD_INPUT.warn(
                        "index",
                        "Agent {}: index '{}' is not writable for agents, left out of the update",
                        agentId,
                        LogText.printable(index));
            }
        }
        return out;
    }
}
