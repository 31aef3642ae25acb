package io.inventorysync.testsupport;

import static org.awaitility.Awaitility.await;

import io.inventorysync.metrics.SessionStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The whole service (transport "wazuh") subscribed to an emulated manager under a test's directory. */
public final class ServiceBesideManager implements AutoCloseable {

    private final ManagerEmulator manager;
    private final RunningService service;

    private ServiceBesideManager(ManagerEmulator manager, RunningService service) {
        this.manager = manager;
        this.service = service;
    }

    /** Starts the manager's sockets, then the service; returns once it is subscribed to the broker. */
    public static ServiceBesideManager start(TestIndexer indexer, Path dir, Map<String, String> overrides)
            throws Exception {
        ManagerEmulator manager = new ManagerEmulator(dir.resolve("manager")).start();
        Map<String, String> properties = new HashMap<>(manager.serviceProperties());
        properties.putAll(overrides);
        RunningService service = RunningService.start(indexer.writeOssecConf(dir), dir.resolve("store"), properties);
        SessionStats stats = service.bean("sessionStats", SessionStats.class);
        await().atMost(Duration.ofSeconds(30)).until(stats::isRouterSubscribed);
        return new ServiceBesideManager(manager, service);
    }

    public ManagerEmulator manager() {
        return manager;
    }

    public RunningService service() {
        return service;
    }

    @Override
    public void close() throws Exception {
        service.close();
        manager.close();
    }
}
