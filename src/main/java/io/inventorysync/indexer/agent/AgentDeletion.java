package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inventorysync.indexer.IndexerRequests;
import java.io.IOException;

/**
 * Removes every document of one agent from the agent-scoped state indices (behaviour.md §7, {@code delete_agent}).
 *
 * <p>Scoped by agent id only, in every cluster, as the Wazuh module does: the command names an agent of this
 * manager, and an agent's documents left under an older cluster name would otherwise outlive the agent.
 */
public final class AgentDeletion {

    /** Every state index, the vulnerabilities index included: none of them should keep a deleted agent. */
    static final String INDICES = "wazuh-states-*";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IndexerRequests requests;

    public AgentDeletion(IndexerRequests requests) {
        this.requests = requests;
    }

    /**
     * Deletes the agent's documents and makes the deletion visible at once ({@code refresh=true}). The indices are
     * refreshed first, so documents indexed just before are found and deleted too. No state index at all is no
     * error: nothing is deleted.
     *
     * @param agentId the 3-padded agent id
     * @throws IOException when the indexer cannot be reached
     */
    public ByQueryResult delete(String agentId) throws IOException {
        String what = "deletion of agent " + agentId;
        String options = "ignore_unavailable=true&allow_no_indices=true";
        ByQueryResult refreshFailure = Refresh.before(requests, "/" + INDICES + "/_refresh?" + options, what);
        if (refreshFailure != null) {
            return refreshFailure;
        }
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("query", AgentQuery.agent(agentId)));
        return ByQueryResult.of(
                what,
                requests.execute(
                        "POST", "/" + INDICES + "/_delete_by_query?conflicts=proceed&refresh=true&" + options, body));
    }
}
