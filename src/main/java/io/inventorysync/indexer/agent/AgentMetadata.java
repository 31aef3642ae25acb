package io.inventorysync.indexer.agent;

import java.util.List;

/**
 * The agent and host fields a session's Start carries; they overwrite the agent's documents' {@code wazuh.agent.*}
 * fields (behaviour.md §5, §7).
 */
public record AgentMetadata(
        String name,
        String version,
        List<String> groups,
        String architecture,
        String hostname,
        String osName,
        String osPlatform,
        String osType,
        String osVersion) {}
