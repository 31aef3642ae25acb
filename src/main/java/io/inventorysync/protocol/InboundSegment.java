package io.inventorysync.protocol;

import Wazuh.SyncSchema.Message;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive messages of one read that go the same way. The segments of a read are handled one after the other, so
 * every message is still handled in the order it arrived. {@link #replyTo} is the connection the read came from
 * ({@code null} when it did not come through Netty); a transport that does not answer on it ignores it.
 */
public sealed interface InboundSegment {

    /** Which way a segment goes. */
    enum Kind {
        /** {@code Start}s. */
        START("Start"),
        /** {@code DataValue}, {@code DataBatch}, {@code DataContext}, {@code DataClean}, {@code ChecksumModule}, {@code End}. */
        DATA("Data"),
        /** JSON commands of the manager. */
        COMMAND("Command");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    Kind kind();

    /**
     * The kind as the dispatch route compares it ({@code ${body.label} == 'Start'}): a string, because comparing an
     * enum with a string literal makes Camel look up a type converter on every read.
     */
    default String label() {
        return kind().label;
    }

    Channel replyTo();

    /** Starts, admitted and answered at once. */
    record Starts(Channel replyTo, List<Message> messages) implements InboundSegment {
        public Starts(Channel replyTo) {
            this(replyTo, new ArrayList<>());
        }

        @Override
        public Kind kind() {
            return Kind.START;
        }
    }

    /** Data-carrying messages of sessions. */
    record Data(Channel replyTo, List<Message> messages) implements InboundSegment {
        public Data(Channel replyTo) {
            this(replyTo, new ArrayList<>());
        }

        @Override
        public Kind kind() {
            return Kind.DATA;
        }
    }

    /** JSON commands of the manager (behaviour.md §7). */
    record Commands(Channel replyTo, List<JsonNode> commands) implements InboundSegment {
        public Commands(Channel replyTo) {
            this(replyTo, new ArrayList<>());
        }

        @Override
        public Kind kind() {
            return Kind.COMMAND;
        }
    }
}
