package io.inventorysync.indexer.agent;

import Wazuh.SyncSchema.Status;

/** The answer to a ModuleCheck session (behaviour.md §6), with the {@code EndAck} status it turns into. */
public enum ChecksumVerdict {
    OK(Status.Ok),
    CHECKSUM_MISMATCH(Status.ChecksumMismatch),
    ERROR(Status.Error);

    private final byte status;

    ChecksumVerdict(byte status) {
        this.status = status;
    }

    /** The {@code Wazuh.SyncSchema.Status} value for {@code EndAck}. */
    public byte status() {
        return status;
    }
}
