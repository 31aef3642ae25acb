package io.inventorysync;

import io.inventorysync.config.InventorySyncConfiguration;
import io.inventorysync.support.ConfigurationException;
import java.io.File;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Starts Inventory Sync from the working directory: {@code config/application.properties}, {@code routes/*.yaml}
 * and {@code config/logback.xml} are read from disk so operators can change them without rebuilding.
 */
public final class InventorySyncApplication {

    private InventorySyncApplication() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null && new File("config/logback.xml").isFile()) {
            System.setProperty("logback.configurationFile", "config/logback.xml");
        }
        Main main = new Main();
        main.configure().addConfiguration(InventorySyncConfiguration.class);
        main.setDefaultPropertyPlaceholderLocation("file:config/application.properties");
        try {
            System.exit(main.run(args));
        } catch (Exception e) {
            // a configuration mistake is reported as one line naming the file, not as a stack trace
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConfigurationException) {
                    LoggerFactory.getLogger(InventorySyncApplication.class).error("Cannot start: {}", t.getMessage());
                    System.exit(2);
                }
            }
            throw e;
        }
    }
}
