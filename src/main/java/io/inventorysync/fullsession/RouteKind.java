package io.inventorysync.fullsession;

/** What a request asks for, from its method and path (fullsession-protocol.md §2, §3). */
public enum RouteKind {
    /** {@code POST /stateful}: one FlatBuffer {@code Message{FullSession}}; the agent in {@code X-Wazuh-Agent-Id}. */
    STATEFUL,
    /** {@code DELETE /agents} or {@code POST /agents/delete}: the target in {@code X-Wazuh-Agent-Id}, no body. */
    DELETE_AGENT,
    /** {@code POST /_internal/agents/delete} (later builds): the body {@code {"agent_id":"7"}}, not parsed here. */
    DELETE_AGENT_JSON
}
