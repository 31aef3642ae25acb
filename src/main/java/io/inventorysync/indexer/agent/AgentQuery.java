package io.inventorysync.indexer.agent;

import java.util.ArrayList;
import java.util.List;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/**
 * The queries that select one agent's documents (behaviour.md §5, item 5), built with the client's typed query DSL
 * so that agent input is always a JSON string value, never part of the query text.
 *
 * <p>Assumes {@code wazuh.agent.id} and {@code wazuh.cluster.name} are {@code keyword} fields, as in the Wazuh
 * {@code wazuh-states-*} templates: {@code term}/{@code terms} then match the exact value.
 */
public final class AgentQuery {

    public static final String AGENT_ID = "wazuh.agent.id";
    public static final String CLUSTER_NAME = "wazuh.cluster.name";

    private AgentQuery() {}

    /**
     * {@code bool.filter: [terms wazuh.agent.id [agent], term wazuh.cluster.name cluster, ...more]}.
     *
     * @param more further filters the documents must pass too
     */
    public static Query agentAndCluster(String agentId, String clusterName, Query... more) {
        return agentsAndCluster(List.of(agentId), clusterName, more);
    }

    /**
     * {@code bool.filter: [terms wazuh.agent.id [agents], term wazuh.cluster.name cluster, ...more]}: the documents of
     * any of these agents, one request for a group of sessions.
     */
    public static Query agentsAndCluster(List<String> agentIds, String clusterName, Query... more) {
        List<Query> filters = new ArrayList<>(2 + more.length);
        filters.add(agentTerms(agentIds));
        filters.add(Query.of(q -> q.term(t -> t.field(CLUSTER_NAME).value(FieldValue.of(clusterName)))));
        filters.addAll(List.of(more));
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    /** {@code bool.filter: [terms wazuh.agent.id [agent]]}: the agent in every cluster. */
    public static Query agent(String agentId) {
        return Query.of(q -> q.bool(b -> b.filter(agentTerms(List.of(agentId)))));
    }

    private static Query agentTerms(List<String> agentIds) {
        List<FieldValue> values = agentIds.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(AGENT_ID).terms(v -> v.value(values))));
    }
}
