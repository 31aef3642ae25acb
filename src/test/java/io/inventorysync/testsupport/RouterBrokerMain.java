package io.inventorysync.testsupport;

import java.nio.file.Path;

/**
 * The router broker emulator as a process of its own (benchmarks: the broker is not the benchmark's JVM, as modulesd
 * is not the agents'): {@code RouterBrokerMain <wazuh home> [topic]}. Prints {@code ready} once its registration
 * socket is bound, and runs until its standard input closes or it is killed.
 */
public final class RouterBrokerMain {

    private RouterBrokerMain() {}

    public static void main(String[] args) throws Exception {
        try (RouterBrokerEmulator broker =
                new RouterBrokerEmulator(Path.of(args[0]), args.length > 1 ? args[1] : ManagerEmulator.TOPIC).start()) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our standard input
            }
        }
    }
}
