package io.inventorysync.testsupport;

import io.inventorysync.config.InventorySyncConfiguration;
import io.inventorysync.router.RouterClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;

/**
 * The whole service as {@code java -jar} runs it — camel-main, {@code config/application.properties} and the YAML
 * routes of {@code routes/} — inside the test JVM, on a free port, with properties overridden per test.
 */
public final class RunningService implements AutoCloseable {

    private final Main main;
    private final int port;

    private RunningService(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    /** Starts the service against the given ossec.conf; returns once the router port is open. */
    public static RunningService start(Path ossecConf, Path storage, Map<String, String> overrides) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        Main main = new Main();
        main.configure().addConfiguration(InventorySyncConfiguration.class);
        main.setDefaultPropertyPlaceholderLocation("file:config/application.properties");
        // the TCP listener unless a test asks for the manager's transport
        main.addOverrideProperty("inventory.router.transport", "tcp");
        main.addOverrideProperty("inventory.router.port", Integer.toString(port));
        main.addOverrideProperty("inventory.ossec-conf", ossecConf.toString());
        main.addOverrideProperty("inventory.storage.path", storage.toString());
        overrides.forEach(main::addOverrideProperty);
        main.start();
        return new RunningService(main, port);
    }

    public int port() {
        return port;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    /** A new router connection; reads time out after 60 s, as a real agent waits, so a missing response fails the test. */
    public RouterClient connect() throws IOException {
        return new RouterClient("127.0.0.1", port, 60_000);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
