package io.inventorysync.indexer.agent;

import Wazuh.SyncSchema.Mode;
import java.util.Optional;

/** The four session modes that update an agent's documents in place (behaviour.md §7). */
public enum AgentUpdateMode {
    METADATA_DELTA(Mode.MetadataDelta, true, true),
    METADATA_CHECK(Mode.MetadataCheck, false, true),
    GROUP_DELTA(Mode.GroupDelta, true, false),
    GROUP_CHECK(Mode.GroupCheck, false, false);

    private final byte wireMode;
    private final boolean versioned;
    private final boolean allMetadata;

    AgentUpdateMode(byte wireMode, boolean versioned, boolean allMetadata) {
        this.wireMode = wireMode;
        this.versioned = versioned;
        this.allMetadata = allMetadata;
    }

    /** The mode of a {@code Start.mode} value, empty for the data and check modes. */
    public static Optional<AgentUpdateMode> of(byte mode) {
        for (AgentUpdateMode m : values()) {
            if (m.wireMode == mode) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Delta modes are guarded by and stamp {@code state.document_version}; check modes leave it alone. */
    public boolean versioned() {
        return versioned;
    }

    /** Metadata modes write every §5 field; group modes only {@code wazuh.agent.groups}. */
    public boolean allMetadata() {
        return allMetadata;
    }
}
