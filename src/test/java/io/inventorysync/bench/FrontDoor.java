package io.inventorysync.bench;

import io.inventorysync.router.ProviderLink;
import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.testsupport.ManagerEmulator;
import io.inventorysync.testsupport.RemotedArQueue;
import io.inventorysync.testsupport.RouterBrokerEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How the benchmark's agents reach the service: the TCP listener ({@code --transport tcp}, the default), or a
 * manager's sockets ({@code --transport wazuh}): the router broker emulator in a JVM of its own, which the service
 * subscribes to and the agents publish through (one provider connection each, as remoted's), and remoted's AR queue
 * in this JVM, which hands each response to the connection of its agent.
 */
abstract class FrontDoor implements AutoCloseable {

    /** A provider's connection; {@link #forAgent} says whose responses {@link #receive()} reads next. */
    interface Conn extends ProviderLink {
        /** Frames as they are (encoded with header P), written now. */
        void sendRaw(byte[] frames) throws IOException;

        /** The agent (3-padded id) whose responses the next {@link #receive()} calls read; TCP: ignored. */
        void forAgent(String agent3);
    }

    abstract Conn connect(int port, int readTimeoutMillis) throws IOException;

    /** What the service needs to be started with for this front door. */
    abstract Map<String, String> serviceProperties();

    abstract String name();

    @Override
    public void close() throws Exception {
    }

    static FrontDoor tcp() {
        return new Tcp();
    }

    /** Starts the broker JVM and binds the AR queue under {@code home}. */
    static FrontDoor wazuh(Path home) throws Exception {
        return new Wazuh(home);
    }

    private static final class Tcp extends FrontDoor {
        @Override
        Conn connect(int port, int readTimeoutMillis) throws IOException {
            RouterClient client = new RouterClient("127.0.0.1", port, readTimeoutMillis);
            return new Conn() {
                @Override
                public void sendRaw(byte[] frames) throws IOException {
                    client.sendRaw(frames);
                }

                @Override
                public void forAgent(String agent3) {
                }

                @Override
                public void publish(byte[] body) throws IOException {
                    client.publish(body);
                }

                @Override
                public RouterFrame receive() throws IOException {
                    return client.receive();
                }

                @Override
                public void setReadTimeout(int millis) throws IOException {
                    client.setReadTimeout(millis);
                }

                @Override
                public void close() throws IOException {
                    client.close();
                }
            };
        }

        @Override
        Map<String, String> serviceProperties() {
            return Map.of("inventory.router.transport", "tcp");
        }

        @Override
        String name() {
            return "tcp";
        }
    }

    static final class Wazuh extends FrontDoor {
        private final Path home;
        private final Process broker;
        private final RemotedArQueue ar;
        private final Map<String, BlockingQueue<RemotedArQueue.Delivered>> byAgent = new ConcurrentHashMap<>();
        private volatile Consumer<RemotedArQueue.Delivered> tap;

        private Wazuh(Path home) throws Exception {
            this.home = home;
            Files.createDirectories(home);
            broker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), "io.inventorysync.testsupport.RouterBrokerMain",
                    home.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                throw new IllegalStateException("router broker emulator did not start: " + line);
            }
            ar = new RemotedArQueue(home).start();
            ar.onDelivered(d -> {
                Consumer<RemotedArQueue.Delivered> t = tap;
                if (t != null) {
                    t.accept(d);
                } else {
                    queue(d.agentId()).add(d);
                }
            });
        }

        /** Every delivered response goes to {@code listener} (on the AR queue's thread) instead of the agents' queues. */
        void tap(Consumer<RemotedArQueue.Delivered> listener) {
            this.tap = listener;
        }

        List<String> rejected() {
            return ar.rejected();
        }

        Path topicSocket() {
            return home.resolve("queue/router").resolve(ManagerEmulator.TOPIC);
        }

        private BlockingQueue<RemotedArQueue.Delivered> queue(String agent3) {
            return byAgent.computeIfAbsent(agent3, a -> new LinkedBlockingQueue<>());
        }

        @Override
        Conn connect(int port, int readTimeoutMillis) throws IOException {
            RouterBrokerEmulator.Provider provider = RouterBrokerEmulator.Provider.connect(topicSocket());
            return new Conn() {
                private volatile String agent = "";
                private int timeout = readTimeoutMillis;

                @Override
                public void sendRaw(byte[] frames) {
                    provider.sendRaw(frames);
                }

                @Override
                public void forAgent(String agent3) {
                    this.agent = agent3;
                }

                @Override
                public void publish(byte[] body) {
                    provider.publish(body);
                }

                @Override
                public RouterFrame receive() throws IOException {
                    try {
                        RemotedArQueue.Delivered d = queue(agent).poll(timeout, TimeUnit.MILLISECONDS);
                        if (d == null) {
                            throw new SocketTimeoutException("no response for agent " + agent + " in " + timeout + " ms");
                        }
                        return RouterFrame.of(d.agentId() + " " + d.module(), d.payload());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }

                @Override
                public void setReadTimeout(int millis) {
                    this.timeout = millis;
                }

                @Override
                public void close() throws IOException {
                    provider.close();
                }
            };
        }

        @Override
        Map<String, String> serviceProperties() {
            return Map.of("inventory.router.transport", "wazuh", "inventory.wazuh.home", home.toString(),
                    "inventory.wazuh.resubscribe-settle-delay", "0", "inventory.wazuh.reconnect-initial-delay", "100ms");
        }

        @Override
        String name() {
            return "wazuh";
        }

        @Override
        public void close() throws Exception {
            ar.close();
            broker.getOutputStream().close();
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }
}
