package io.inventorysync.testsupport;

import io.inventorysync.router.ProviderLink;
import io.inventorysync.router.RouterFrame;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sockets of a Wazuh manager that the service talks to, under one install directory: the router broker
 * ({@link RouterBrokerEmulator}) and remoted's AR queue ({@link RemotedArQueue}). {@link #link(String)} gives an
 * agent's view for the simulator: its messages published on the topic as remoted publishes them, its responses as
 * remoted would forward them.
 */
public final class ManagerEmulator implements AutoCloseable {

    public static final String TOPIC = "inventory-states";

    private final Path home;
    private final RouterBrokerEmulator broker;
    private final RemotedArQueue ar;
    private final Map<String, BlockingQueue<RemotedArQueue.Delivered>> byAgent = new ConcurrentHashMap<>();

    public ManagerEmulator(Path home) {
        this.home = home;
        this.broker = new RouterBrokerEmulator(home, TOPIC);
        this.ar = new RemotedArQueue(home);
    }

    public ManagerEmulator start() throws Exception {
        broker.start();
        ar.start();
        ar.onDelivered(d -> queue(d.agentId()).add(d));
        return this;
    }

    public Path home() {
        return home;
    }

    public RouterBrokerEmulator broker() {
        return broker;
    }

    public RemotedArQueue ar() {
        return ar;
    }

    /** The service's properties for this manager: transport "wazuh" with quick reconnects. */
    public Map<String, String> serviceProperties() {
        return Map.of("inventory.router.transport", "wazuh",
                "inventory.wazuh.home", home.toString(),
                "inventory.wazuh.reconnect-initial-delay", "50ms",
                "inventory.wazuh.reconnect-max-delay", "500ms",
                "inventory.wazuh.resubscribe-settle-delay", "0");
    }

    /** The responses remoted delivered to {@code agentId} (keystore spelling, e.g. {@code 001}), in order. */
    public BlockingQueue<RemotedArQueue.Delivered> queue(String agentId) {
        return byAgent.computeIfAbsent(agentId, id -> new LinkedBlockingQueue<>());
    }

    /** One agent's link: publishes through a provider connection of its own, receives what remoted delivers it. */
    public ProviderLink link(String agentId) throws IOException {
        return new AgentLink(broker.provider(), queue(agentId));
    }

    @Override
    public void close() throws IOException {
        broker.close();
        ar.close();
    }

    private static final class AgentLink implements ProviderLink {
        private final RouterBrokerEmulator.Provider provider;
        private final BlockingQueue<RemotedArQueue.Delivered> responses;
        private int timeoutMillis = 60_000;

        AgentLink(RouterBrokerEmulator.Provider provider, BlockingQueue<RemotedArQueue.Delivered> responses) {
            this.provider = provider;
            this.responses = responses;
        }

        @Override
        public void publish(byte[] body) {
            provider.publish(body);
        }

        @Override
        public RouterFrame receive() throws IOException {
            try {
                RemotedArQueue.Delivered d = responses.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    throw new SocketTimeoutException("no response delivered by remoted within " + timeoutMillis + " ms");
                }
                return RouterFrame.of(d.agentId() + " " + d.module(), d.payload());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void setReadTimeout(int millis) {
            this.timeoutMillis = millis;
        }

        @Override
        public void close() throws IOException {
            provider.close();
        }
    }
}
