package io.inventorysync.config;

import org.apache.camel.CamelConfiguration;

/** Wires the service's beans. */
public class InventorySyncConfiguration implements CamelConfiguration {
}
