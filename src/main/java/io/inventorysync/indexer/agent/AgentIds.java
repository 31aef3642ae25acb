package io.inventorysync.indexer.agent;

import java.util.Optional;

/** Agent ids as the indexer stores them: decimal, zero-padded to at least 3 characters ("1" → "001"). */
public final class AgentIds {

    // 16 digits bound the id well below anything a manager assigns, and keep logs and queries small
    private static final int MAX_DIGITS = 16;

    private AgentIds() {}

    /** The padded id, or empty when {@code raw} is not 1 to 16 decimal digits. */
    public static Optional<String> parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_DIGITS) {
            return Optional.empty();
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(pad(raw));
    }

    /** Zero-pads to 3 characters; longer ids are kept as they are. */
    public static String pad(String id) {
        return id.length() >= 3 ? id : "0".repeat(3 - id.length()) + id;
    }
}
