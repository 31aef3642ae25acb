package io.inventorysync.session;

import io.inventorysync.indexer.agent.AgentMetadata;
import java.util.List;
import java.util.function.Supplier;

/**
 * What an agent asks for in {@code Start}, read out of the FlatBuffer (absent strings are empty, absent lists empty).
 *
 * @param size        the declared item count, an unsigned 64-bit value
 * @param agentSource the agent and host fields, decoded when the session is indexed (not per Start: a burst of
 *                    Starts would decode and keep a dozen strings each that most sessions never use before their
 *                    End) from a bounded copy of their bytes, never from the Start's frame, which an open session
 *                    must not keep
 */
public record StartRequest(
        String agentId,
        String module,
        byte mode,
        long size,
        List<String> indices,
        byte option,
        Supplier<AgentMetadata> agentSource,
        long globalVersion,
        String clusterName,
        String clusterNode) {

    /** The agent and host fields of the Start. */
    public AgentMetadata agent() {
        return agentSource.get();
    }
}
