package io.inventorysync.protocol;

/**
 * One {@code DataValue} for {@link AgentMessages}: {@code operation} is a {@code Wazuh.SyncSchema.Operation}
 * value, {@code data} the item's UTF-8 JSON; a null {@code id}, {@code index} or {@code data} omits the field.
 */
public record DataValueSpec(
        long seq, long session, byte operation, String id, String index, long version, byte[] data) {}
