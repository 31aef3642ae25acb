package io.inventorysync.indexer.agent;

import java.util.Optional;
import java.util.regex.Pattern;

/** Agent ids as the indexer stores them: decimal, zero-padded to at least 3 characters ("1" → "001"). */
public final class AgentIds {

    // 16 digits bound the id well below anything a manager assigns, and keep logs and queries small
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,16}");

    private AgentIds() {
    }

    /** The padded id, or empty when {@code raw} is not 1 to 16 decimal digits. */
    public static Optional<String> parse(String raw) {
        if (raw == null || !DECIMAL.matcher(raw).matches()) {
            return Optional.empty();
        }
        return Optional.of(pad(raw));
    }

    /** Zero-pads to 3 characters; longer ids are kept as they are. */
    public static String pad(String id) {
        return id.length() >= 3 ? id : "0".repeat(3 - id.length()) + id;
    }
}
