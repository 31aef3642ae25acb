package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inventorysync.indexer.IndexAllowlist;
import io.inventorysync.indexer.IndexerRequests;
import io.inventorysync.indexer.Response;
import io.inventorysync.session.AgentMetadata;
import io.inventorysync.support.LogText;
import io.inventorysync.support.RateLimitedLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    private static final ObjectMapper JSON = new ObjectMapper();
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
        // ignore_unavailable: an index the agent names but that was never created has nothing to update
        String prefix = "/" + String.join(",", targets);
        String options = "ignore_unavailable=true&allow_no_indices=true";
        ByQueryResult result;
        try {
            result = Refresh.before(requests, prefix + "/_refresh?" + options, what);
            if (result == null) {
                Response response = requests.execute(
                        "POST",
                        prefix + "/_update_by_query?conflicts=proceed&refresh=true&" + options,
                        body(mode, agentId, clusterName, agent, globalVersion));
                result = ByQueryResult.of(what, response);
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

    byte[] body(AgentUpdateMode mode, String agentId, String clusterName, AgentMetadata agent, long globalVersion)
            throws IOException {
        List<AgentField> fields = mode.allMetadata()
                ? AgentFields.metadata(agentId, clusterName, agent)
                : AgentFields.groups(agent.groups());
        ObjectNode query = AgentQuery.agentAndCluster(agentId, clusterName);
        ObjectNode body = JSON.createObjectNode();
        ObjectNode script = JSON.createObjectNode().put("lang", "painless");
        ObjectNode params = script.putObject("params");
        params.set("fields", AgentFields.toParams(fields));
        if (mode.versioned()) {
            guardVersion((ArrayNode) query.path("bool").path("filter"), globalVersion);
            script.put("source", PainlessScripts.agentFieldsDelta());
            params.put("global_version", globalVersion);
            params.put("now", now());
        } else {
            script.put("source", PainlessScripts.agentFieldsCheck());
        }
        body.set("query", query);
        body.set("script", script);
        return JSON.writeValueAsBytes(body);
    }

    /** Only documents without a version or with one ≤ the session's: newer documents are not even visited. */
    private static void guardVersion(ArrayNode filter, long globalVersion) {
        ObjectNode guard = filter.addObject().putObject("bool");
        ArrayNode should = guard.putArray("should");
        should.addObject()
                .putObject("bool")
                .putArray("must_not")
                .addObject()
                .putObject("exists")
                .put("field", STATE_VERSION);
        should.addObject().putObject("range").putObject(STATE_VERSION).put("lte", globalVersion);
        guard.put("minimum_should_match", 1);
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
