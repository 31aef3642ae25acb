package io.inventorysync.indexer;

import io.inventorysync.indexer.agent.AgentMetadata;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A complete session as the indexer needs it (behaviour.md §5–7): what its Start asked for, what it said along the
 * way (DataClean indices, the module checksum) and its items. The session side hands one over once every seq has
 * arrived; its {@code toString} names the session in log lines.
 */
public interface CompleteSession {

    /** The agent id, zero-padded to 3 characters. */
    String agentId();

    /** {@code Start.mode}, a {@code Wazuh.SyncSchema.Mode} value. */
    byte mode();

    /** The allowlisted {@code Start.index} entries. */
    List<String> indices();

    /** {@code Start.cluster_name}; empty when the Start had none (the manager's cluster name applies). */
    String clusterName();

    /** The agent and host fields of the Start. */
    AgentMetadata agent();

    /** {@code Start.global_version} (unsigned), for the metadata and group delta modes. */
    long globalVersion();

    /** {@link System#nanoTime()} when the session completed: its wait for the indexer counts from here. */
    long completedAt();

    /** Allowlisted indices named by DataClean, in name order. */
    Set<String> cleanIndices();

    /** The allowlisted index of ChecksumModule, or null. */
    String checksumIndex();

    /** The agent's checksum from ChecksumModule, or null. */
    String checksum();

    /**
     * The stored DataValues in {@code seq} order, read while the stream is consumed: a session's payload is never
     * held in memory as a whole. The caller closes the stream.
     */
    Stream<SessionItem> items();
}
