package io.inventorysync.session;

import java.util.List;

/** The agent and host fields a Start carries; they overwrite the agent's documents' {@code wazuh.agent.*} fields. */
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
