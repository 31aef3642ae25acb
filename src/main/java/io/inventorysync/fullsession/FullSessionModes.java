package io.inventorysync.fullsession;

import static Wazuh.FullSessionSchema.Mode.GroupCheck;
import static Wazuh.FullSessionSchema.Mode.GroupDelta;
import static Wazuh.FullSessionSchema.Mode.MetadataCheck;
import static Wazuh.FullSessionSchema.Mode.MetadataDelta;
import static Wazuh.FullSessionSchema.Mode.ModuleCheck;
import static Wazuh.FullSessionSchema.Mode.ModuleDelta;

import Wazuh.FullSessionSchema.SessionPayload;
import Wazuh.SyncSchema.Mode;

/**
 * The second generation's modes in the indexing core's terms, which are the first generation's {@code Mode} values
 * (fullsession-protocol.md §1 renumbered them and dropped ModuleFull), and which payload each takes (§3 step 5).
 * Bare mode names here are the second generation's (static imports), {@code Mode.X} the core's.
 */
final class FullSessionModes {

    private FullSessionModes() {}

    /** The core's mode for a second-generation mode, or -1 for a value outside the schema. */
    static byte core(byte mode) {
        return switch (mode) {
            case ModuleDelta -> Mode.ModuleDelta;
            case ModuleCheck -> Mode.ModuleCheck;
            case MetadataDelta -> Mode.MetadataDelta;
            case MetadataCheck -> Mode.MetadataCheck;
            case GroupDelta -> Mode.GroupDelta;
            case GroupCheck -> Mode.GroupCheck;
            default -> -1;
        };
    }

    /** ModuleDelta takes SyncData or Cleans, ModuleCheck a ChecksumModule, the metadata and group modes nothing. */
    static boolean takes(byte mode, byte payload) {
        return switch (mode) {
            case ModuleDelta -> payload == SessionPayload.SyncData || payload == SessionPayload.Cleans;
            case ModuleCheck -> payload == SessionPayload.ChecksumModule;
            case MetadataDelta, MetadataCheck, GroupDelta, GroupCheck -> payload == SessionPayload.NONE;
            default -> false;
        };
    }
}
