package io.inventorysync.indexer.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The queries that select one agent's documents (behaviour.md §5, item 5), built as JSON trees so that agent input
 * is always a JSON string value, never part of the query text.
 *
 * <p>Assumes {@code wazuh.agent.id} and {@code wazuh.cluster.name} are {@code keyword} fields, as in the Wazuh
 * {@code wazuh-states-*} templates: {@code term}/{@code terms} then match the exact value.
 */
public final class AgentQuery {

    public static final String AGENT_ID = "wazuh.agent.id";
    public static final String CLUSTER_NAME = "wazuh.cluster.name";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AgentQuery() {}

    /** {@code bool.filter: [terms wazuh.agent.id [agent], term wazuh.cluster.name cluster]}. */
    public static ObjectNode agentAndCluster(String agentId, String clusterName) {
        ObjectNode query = agent(agentId);
        ObjectNode term =
                query.withObject("/bool").withArray("filter").addObject().putObject("term");
        term.put(CLUSTER_NAME, clusterName);
        return query;
    }

    /** {@code bool.filter: [terms wazuh.agent.id [agent]]}: the agent in every cluster. */
    public static ObjectNode agent(String agentId) {
        ObjectNode query = NODES.objectNode();
        query.putObject("bool")
                .putArray("filter")
                .addObject()
                .putObject("terms")
                .putArray(AGENT_ID)
                .add(agentId);
        return query;
    }
}
