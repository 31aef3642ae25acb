package io.inventorysync.router;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive messages of one read that go the same way: Starts ({@code Message}s), data-carrying messages
 * ({@code Message}s of a session) or JSON commands ({@code JsonNode}s). The segments of a read are handled one
 * after the other, so every message is still handled in the order it arrived.
 */
public record InboundSegment(String kind, List<Object> messages) {

    /** {@code Start}. */
    public static final String START = "Start";
    /** {@code DataValue}, {@code DataBatch}, {@code DataContext}, {@code DataClean}, {@code ChecksumModule}, {@code End}. */
    public static final String DATA = "Data";
    /** A JSON command of the manager. */
    public static final String COMMAND = "Command";

    static InboundSegment of(String kind) {
        return new InboundSegment(kind, new ArrayList<>());
    }

    /** The messages as the type their kind implies. */
    @SuppressWarnings("unchecked")
    public <T> List<T> messagesAs(Class<T> type) {
        return (List<T>) messages;
    }
}
