package io.inventorysync.session;

import java.util.List;

/**
 * An open sync session as admitted: its id, the agent id padded to 3 digits, and the Start with its index list
 * reduced to the allowlisted indices.
 */
public record Session(long id, String agentId, String module, byte mode, long size, List<String> indices, StartRequest start) {

    /** The session id as agents see it: an unsigned 64-bit number. */
    public String idText() {
        return Long.toUnsignedString(id);
    }
}
