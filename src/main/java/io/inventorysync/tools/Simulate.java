package io.inventorysync.tools;

import io.inventorysync.simulator.Simulation;
import io.inventorysync.simulator.SimulationSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent simulator: N agents, M inventory items each, syncing through C router connections (generation 2: C
 * FullSession requests at a time, on the door's Unix socket or TCP port); a progress line per second, then a summary.
 * Exit code 0 when every session was answered EndAck{Ok} (generation 2: 200).
 *
 * <pre>java -cp target/inventory-sync.jar io.inventorysync.tools.Simulate --agents 5 --items 1000 --mode full</pre>
 */
public final class Simulate {

    /** The service's default {@code inventory.fullsession.socket}. */
    static final String DEFAULT_SOCKET = "/var/wazuh-manager/queue/sockets/inventory-sync.sock";

    private static final String USAGE = """
            usage: Simulate [--generation 1|2] [--agents N] [--items M] [--mode full|delta] [--host H] [--port P]
                            [--socket PATH] [--connections C] [--first-agent ID] [--wait SECONDS] [--attempts K]
              --generation   1: Start/Data/End through the router port (default); 2: one FullSession per HTTP request
              --agents       agents to simulate (default 5), ids 001, 002, ... from --first-agent (default 1)
              --items        inventory items per agent (default 1000): 4 packages for each process
              --mode         full: ModuleFull, every item upserted; delta: ModuleDelta, versioned upserts, 1 in 10 deleted
                             (generation 2, full: a Cleans request, then a ModuleDelta with the whole dataset)
              --host/--port  the service's router address (default 127.0.0.1:7140); generation 2: its FullSession TCP
                             port (inventory.fullsession.port), instead of the socket
              --socket       generation 2: the FullSession Unix socket (default %s)
              --connections  router connections, one session at a time on each (default 1); generation 2: requests
                             at a time, each on its own connection
              --wait         seconds an agent waits for an answer before sending Start/End again (default 60); generation
                             2 waits as remoted does: 2 s to connect, 5 s to write, 20 s for the answer
              --attempts     sends of a Start or an End at most, as a Wazuh agent (default 3); generation 2: posts of
                             a request answered 503 with Retry-After (after waiting that long)""".formatted(DEFAULT_SOCKET);

    private Simulate() {}

    public static void main(String[] args) throws Exception {
        Simulation.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.out.printf(
                "Simulating %d agent(s) x %d items (%s, generation %d) against %s over %d connection(s)%n",
                options.agents(),
                options.items(),
                options.delta() ? "delta" : "full",
                options.generation(),
                options.socket() != null ? options.socket() : options.host() + ":" + options.port(),
                options.connections());
        Simulation simulation = new Simulation(options);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulator-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(
                () -> System.out.println(simulation.summary().progressLine()), 1, 1, TimeUnit.SECONDS);
        SimulationSummary summary;
        try {
            summary = simulation.run();
        } finally {
            ticker.shutdownNow();
        }
        System.out.println(summary.progressLine());
        System.out.println(summary.report());
        System.exit(summary.errors() == 0 ? 0 : 1);
    }

    static Simulation.Options parse(String[] args) {
        int agents = 5;
        int items = 1000;
        boolean delta = false;
        String host = "127.0.0.1";
        int port = 7140;
        int connections = 1;
        int firstAgent = 1;
        int waitSeconds = 60;
        int attempts = 3;
        int generation = 1;
        String socket = null;
        boolean portGiven = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("Inventory Sync agent simulator");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--agents" -> agents = positive(name, value);
                case "--items" -> items = positive(name, value);
                case "--mode" ->
                    delta = switch (value) {
                        case "full" -> false;
                        case "delta" -> true;
                        default -> throw new IllegalArgumentException("--mode is full or delta, not " + value);
                    };
                case "--host" -> host = value;
                case "--port" -> {
                    port = positive(name, value);
                    portGiven = true;
                }
                case "--generation" -> {
                    generation = positive(name, value);
                    if (generation > 2) {
                        throw new IllegalArgumentException("--generation is 1 or 2, not " + value);
                    }
                }
                case "--socket" -> socket = value;
                case "--connections" -> connections = positive(name, value);
                case "--first-agent" -> firstAgent = positive(name, value);
                case "--wait" -> waitSeconds = positive(name, value);
                case "--attempts" -> attempts = positive(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (generation == 1 && socket != null) {
            throw new IllegalArgumentException("--socket is for --generation 2");
        }
        if (generation == 2 && socket != null && portGiven) {
            throw new IllegalArgumentException("--socket or --port, not both");
        }
        // generation 2 posts to the socket unless a TCP port is named
        Path door = generation == 2 && !portGiven ? Path.of(socket != null ? socket : DEFAULT_SOCKET) : null;
        return new Simulation.Options(
                host,
                port,
                agents,
                items,
                delta,
                Math.min(connections, agents),
                firstAgent,
                Duration.ofSeconds(waitSeconds),
                attempts,
                generation,
                door);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " needs a positive number, not " + value);
    }
}
