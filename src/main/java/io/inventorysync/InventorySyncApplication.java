package io.inventorysync;

import io.inventorysync.config.InventorySyncConfiguration;
import org.apache.camel.main.Main;

/** Starts Inventory Sync: camel-main loads config/application.properties and routes/*.yaml from disk. */
public final class InventorySyncApplication {
    public static void main(String[] args) throws Exception {
        new Main(InventorySyncApplication.class).run(args);
    }
}
