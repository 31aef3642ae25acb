package io.inventorysync.bench;

import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.testsupport.BenchLink;
import io.inventorysync.testsupport.ManagerEmulator;
import io.inventorysync.testsupport.RemotedArQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How the benchmark's agents reach the service: the TCP listener ({@code --transport tcp}, the default), or a
 * manager's sockets ({@code --transport wazuh}): the router broker emulator in a JVM of its own, which the service
 * subscribes to and the agents publish through (one provider connection each, as remoted's), and remoted's AR queue
 * in this JVM, which hands each response to the connection of its agent.
 */
abstract class FrontDoor implements AutoCloseable {

    abstract BenchLink connect(int port, int readTimeoutMillis) throws IOException;

    /** What the service needs to be started with for this front door. */
    abstract Map<String, String> serviceProperties();

    abstract String name();

    /** CPU seconds of the router broker emulator's JVM so far (0: no broker, the TCP listener). */
    double brokerCpuSeconds() {
        return 0;
    }

    @Override
    public void close() throws Exception {}

    static FrontDoor tcp() {
        return new Tcp();
    }

    /** Starts the broker JVM and binds the AR queue under {@code home}. */
    static FrontDoor wazuh(Path home) throws Exception {
        return new Wazuh(home);
    }

    private static final class Tcp extends FrontDoor {
        @Override
        BenchLink connect(int port, int readTimeoutMillis) throws IOException {
            RouterClient client = new RouterClient("127.0.0.1", port, readTimeoutMillis);
            return new BenchLink() {
                @Override
                public void sendRaw(byte[] frames) throws IOException {
                    client.sendRaw(frames);
                }

                @Override
                public void forAgent(String agent3) {}

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
        private final ManagerEmulator remoted;

        @Override
        double brokerCpuSeconds() {
            return ServiceProcess.cpuSeconds(broker.pid());
        }

        private Wazuh(Path home) throws Exception {
            this.home = home;
            Files.createDirectories(home);
            broker = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "io.inventorysync.testsupport.RouterBrokerMain",
                            home.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                throw new IllegalStateException("router broker emulator did not start: " + line);
            }
            // remoted's AR queue in this JVM, the broker in its own
            remoted = new ManagerEmulator(home, false).start();
        }

        /** Every delivered response goes to {@code listener} (on the AR queue's thread) instead of the agents' queues. */
        void tap(Consumer<RemotedArQueue.Delivered> listener) {
            remoted.tap(listener);
        }

        List<String> rejected() {
            return remoted.ar().rejected();
        }

        Path topicSocket() {
            return remoted.topicSocket();
        }

        @Override
        BenchLink connect(int port, int readTimeoutMillis) throws IOException {
            ManagerEmulator.AgentLink link = remoted.link("");
            link.setReadTimeout(readTimeoutMillis);
            return link;
        }

        @Override
        Map<String, String> serviceProperties() {
            return Map.of(
                    "inventory.router.transport",
                    "wazuh",
                    "inventory.wazuh.home",
                    home.toString(),
                    "inventory.wazuh.resubscribe-settle-delay",
                    "0",
                    "inventory.wazuh.reconnect-initial-delay",
                    "100ms");
        }

        @Override
        String name() {
            return "wazuh";
        }

        @Override
        public void close() throws Exception {
            remoted.close();
            broker.getOutputStream().close();
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }
}
