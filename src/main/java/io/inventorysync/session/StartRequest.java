package io.inventorysync.session;

import java.util.List;

/**
 * What an agent asks for in {@code Start}, read out of the FlatBuffer (absent strings are empty, absent lists empty).
 *
 * @param size the declared item count, an unsigned 64-bit value
 */
public record StartRequest(
        String agentId,
        String module,
        byte mode,
        long size,
        List<String> indices,
        byte option,
        AgentMetadata agent,
        long globalVersion,
        String clusterName,
        String clusterNode) {
}
