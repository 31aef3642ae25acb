/**
 * Configuration: reading Wazuh's {@code ossec.conf} ({@link io.inventorysync.config.OssecConf}: the
 * {@code <indexer>} and {@code <cluster>} blocks), the service's properties and the Camel wiring
 * ({@link io.inventorysync.config.InventorySyncConfiguration}). Anything wrong with a setting is reported as one
 * {@link io.inventorysync.support.ConfigurationException} naming the file or value.
 */
package io.inventorysync.config;
