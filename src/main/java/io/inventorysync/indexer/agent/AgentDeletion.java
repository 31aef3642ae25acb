package io.inventorysync.indexer.agent;

import io.inventorysync.indexer.client.IndexerRequests;
import io.inventorysync.indexer.client.IndexerResponseException;
import java.io.IOException;
import java.util.List;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.Refresh;

/**
 * Removes every document of one agent from the agent-scoped state indices (behaviour.md §7, {@code delete_agent}).
 *
 * <p>Scoped by agent id only, in every cluster, as the Wazuh module does: the command names an agent of this
 * manager, and an agent's documents left under an older cluster name would otherwise outlive the agent.
 */
public final class AgentDeletion {

    /** Every state index, the vulnerabilities index included: none of them should keep a deleted agent. */
    static final String INDICES = "wazuh-states-*";

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
        ByQueryResult refreshFailure = RefreshBefore.byQuery(requests, List.of(INDICES), what);
        if (refreshFailure != null) {
            return refreshFailure;
        }
        try {
            return ByQueryResult.of(
                    what,
                    requests.client()
                            .deleteByQuery(d -> d.index(INDICES)
                                    .conflicts(Conflicts.Proceed)
                                    .refresh(Refresh.True)
                                    .ignoreUnavailable(true)
                                    .allowNoIndices(true)
                                    .query(AgentQuery.agent(agentId))));
        } catch (IndexerResponseException e) {
            return ByQueryResult.refused(what, e);
        }
    }
}
