package io.inventorysync.session;

/**
 * The answer to a Start: the {@code StartAck} status and session id, and the session when one was created.
 *
 * @param agentId the agent id for the response header: padded when the Start was accepted, as received otherwise
 */
public record Admission(byte status, long sessionId, String agentId, String module, Session session, String reason) {

    public boolean accepted() {
        return session != null;
    }
}
