package io.inventorysync.testsupport;

import io.inventorysync.router.RouterFrame;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sockets of a Wazuh manager that the service talks to, under one install directory: the router broker
 * ({@link RouterBrokerEmulator}) and remoted's AR queue ({@link RemotedArQueue}). {@link #link(String)} gives an
 * agent's view for the simulator: its messages published on the topic as remoted publishes them, its responses as
 * remoted would forward them.
 */
public final class ManagerEmulator implements AutoCloseable {

    public static final String TOPIC = "inventory-states";

    private final Path home;
    /** {@code null} when the broker runs elsewhere (another JVM) on the same sockets. */
    private final RouterBrokerEmulator broker;

    private final RemotedArQueue ar;
    private final Map<String, BlockingQueue<RemotedArQueue.Delivered>> byAgent = new ConcurrentHashMap<>();
    private volatile Consumer<RemotedArQueue.Delivered> tap;

    /** The broker and remoted's queue, both in this JVM. */
    public ManagerEmulator(Path home) {
        this(home, true);
    }

    /** With {@code ownBroker} false, only remoted's queue: the broker runs elsewhere on {@code home}'s sockets. */
    public ManagerEmulator(Path home, boolean ownBroker) {
        this.home = home;
        this.broker = ownBroker ? new RouterBrokerEmulator(home, TOPIC) : null;
        this.ar = new RemotedArQueue(home);
    }

    public ManagerEmulator start() throws Exception {
        if (broker != null) {
            broker.start();
        }
        ar.start();
        ar.onDelivered(d -> {
            Consumer<RemotedArQueue.Delivered> t = tap;
            if (t != null) {
                t.accept(d);
            } else {
                queue(d.agentId()).add(d);
            }
        });
        return this;
    }

    /** Every delivered response goes to {@code listener} (on the queue's thread) instead of the agents' queues. */
    public void tap(Consumer<RemotedArQueue.Delivered> listener) {
        this.tap = listener;
    }

    public Path topicSocket() {
        return home.resolve("queue/router").resolve(TOPIC);
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
        return Map.of(
                "inventory.router.transport",
                "wazuh",
                "inventory.wazuh.home",
                home.toString(),
                "inventory.wazuh.reconnect-initial-delay",
                "50ms",
                "inventory.wazuh.reconnect-max-delay",
                "500ms",
                "inventory.wazuh.resubscribe-settle-delay",
                "0");
    }

    /** The responses remoted delivered to {@code agentId} (keystore spelling, e.g. {@code 001}), in order. */
    public BlockingQueue<RemotedArQueue.Delivered> queue(String agentId) {
        return byAgent.computeIfAbsent(agentId, id -> new LinkedBlockingQueue<>());
    }

    /** One agent's link: publishes through a provider connection of its own, receives what remoted delivers it. */
    public AgentLink link(String agentId) throws IOException {
        AgentLink link = new AgentLink(RouterBrokerEmulator.Provider.connect(topicSocket()));
        link.forAgent(agentId);
        return link;
    }

    @Override
    public void close() throws IOException {
        if (broker != null) {
            broker.close();
        }
        ar.close();
    }

    /** A provider connection of its own; {@link #forAgent} says whose responses {@link #receive()} reads. */
    public final class AgentLink implements BenchLink {
        private final RouterBrokerEmulator.Provider provider;
        private volatile BlockingQueue<RemotedArQueue.Delivered> responses;
        private int timeoutMillis = 60_000;

        private AgentLink(RouterBrokerEmulator.Provider provider) {
            this.provider = provider;
        }

        /** Reads the responses remoted delivers to {@code agentId} (keystore spelling) from now on. */
        @Override
        public void forAgent(String agentId) {
            this.responses = queue(agentId);
        }

        @Override
        public void sendRaw(byte[] frames) {
            provider.sendRaw(frames);
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
                    throw new SocketTimeoutException(
                            "no response delivered by remoted within " + timeoutMillis + " ms");
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
