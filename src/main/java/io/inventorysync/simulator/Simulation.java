package io.inventorysync.simulator;

import Wazuh.SyncSchema.Mode;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many agents syncing through a few router connections: {@code connections} threads, each with its own connection,
 * take the next agent and run its whole session (one session per connection at a time, so every answer on it is that
 * agent's). A broken connection counts the session as an error and is opened again.
 *
 * <p>Generation 2 ({@link FullSessionAgent}): the same threads post each agent's session to the FullSession door, one
 * request per connection as remoted does, so {@code connections} is the number of agents in flight.
 */
public final class Simulation {

    /**
     * What to simulate.
     *
     * @param firstAgent id of the first agent; the others follow (agents 1..N by default: 001, 002, ...)
     * @param answerWait how long an agent waits for an answer before sending Start or End again
     * @param attempts   sends of a Start or an End at most (a Wazuh agent: 3); generation 2: posts of a request
     *                   answered 503 with Retry-After
     * @param generation 1: Start/Data/End through the router port at host:port; 2: FullSession requests
     * @param socket     generation 2: the door's Unix socket, or null for its TCP port at host:port
     */
    public record Options(
            String host,
            int port,
            int agents,
            int items,
            boolean delta,
            int connections,
            int firstAgent,
            Duration answerWait,
            int attempts,
            int generation,
            Path socket) {

        /** First-generation options. */
        public Options(
                String host,
                int port,
                int agents,
                int items,
                boolean delta,
                int connections,
                int firstAgent,
                Duration answerWait,
                int attempts) {
            this(host, port, agents, items, delta, connections, firstAgent, answerWait, attempts, 1, null);
        }
    }

    private final Options options;
    private final AtomicInteger nextAgent = new AtomicInteger();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong documents = new AtomicLong();
    private final AtomicInteger retries = new AtomicInteger();
    private final List<Long> startAckNanos = new ArrayList<>();
    private final List<Long> endAckNanos = new ArrayList<>();
    private volatile long startedNanos;

    public Simulation(Options options) {
        this.options = options;
    }

    /** Runs every agent's session; returns when all are done. */
    public SimulationSummary run() throws InterruptedException {
        startedNanos = System.nanoTime();
        long version = System.currentTimeMillis(); // one delta "generation" per run, newer than any earlier run
        ExecutorService pool =
                Executors.newFixedThreadPool(options.connections(), r -> new Thread(r, "simulated-router"));
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < options.connections(); c++) {
                workers.add(pool.submit(() -> options.generation() == 2 ? postSessions(version) : work(version)));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("simulator worker failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return summary();
    }

    /** Progress so far (callable from another thread while {@link #run()} goes on). */
    public SimulationSummary summary() {
        synchronized (this) {
            return new SimulationSummary(
                    options.agents(),
                    ok.get(),
                    errors.get(),
                    documents.get(),
                    Duration.ofNanos(System.nanoTime() - startedNanos),
                    List.copyOf(startAckNanos),
                    List.copyOf(endAckNanos),
                    options.generation(),
                    retries.get());
        }
    }

    private Void work(long version) throws IOException {
        RouterClient router = null;
        try {
            for (int a = nextAgent.getAndIncrement(); a < options.agents(); a = nextAgent.getAndIncrement()) {
                String agentId = String.format("%03d", options.firstAgent() + a);
                List<Item> items = SimulatedInventory.items(agentId, options.items(), options.delta(), version);
                try {
                    if (router == null) {
                        router = new RouterClient(options.host(), options.port(), (int)
                                options.answerWait().toMillis());
                    }
                    SimulatedAgent agent = new SimulatedAgent(router, options.answerWait(), options.attempts());
                    record(agent.sync(start(agentId, items.size()), items, Set.of()), items);
                } catch (IOException e) {
                    errors.incrementAndGet();
                    close(router);
                    router = null;
                }
            }
        } finally {
            close(router);
        }
        return null;
    }

    /** Generation 2: each agent's session as FullSession requests, a new connection for each. */
    private Void postSessions(long version) {
        FullSessionClient client = options.socket() != null
                ? FullSessionClient.unix(options.socket())
                : FullSessionClient.tcp(options.host(), options.port());
        FullSessionAgent agent = new FullSessionAgent(client, options.attempts());
        for (int a = nextAgent.getAndIncrement(); a < options.agents(); a = nextAgent.getAndIncrement()) {
            String agentId = String.format("%03d", options.firstAgent() + a);
            List<Item> items = SimulatedInventory.items(agentId, options.items(), options.delta(), version);
            FullSessionStart start = FullSessionStart.from(start(agentId, items.size()));
            record(agent.sync(start, items, !options.delta()), items);
        }
        return null;
    }

    private StartSpec start(String agentId, int size) {
        return StartSpec.defaults()
                .agentid(agentId)
                .agentname("sim-agent-" + agentId)
                .hostname("sim-host-" + agentId)
                .mode(options.delta() ? Mode.ModuleDelta : Mode.ModuleFull)
                .size(size)
                .indices(List.of(SimulatedInventory.PACKAGES, SimulatedInventory.PROCESSES));
    }

    private synchronized void record(Result result, List<Item> items) {
        if (result.start() != null) {
            startAckNanos.add(result.startAckNanos());
        }
        if (result.end() != null) {
            endAckNanos.add(result.endAckNanos());
        }
        if (result.ok()) {
            ok.incrementAndGet();
            documents.addAndGet(items.size());
        } else {
            errors.incrementAndGet();
        }
    }

    private synchronized void record(FullSessionAgent.Result result, List<Item> items) {
        if (result.cleans() != null && result.cleans().answer() != null) {
            startAckNanos.add(result.cleans().answerNanos());
        }
        if (result.data() != null && result.data().answer() != null) {
            endAckNanos.add(result.data().answerNanos());
        }
        retries.addAndGet(result.retries());
        if (result.ok()) {
            ok.incrementAndGet();
            documents.addAndGet(items.size());
        } else {
            errors.incrementAndGet();
        }
    }

    private static void close(RouterClient router) {
        if (router != null) {
            try {
                router.close();
            } catch (IOException e) {
                // closing a broken connection: nothing left to do
            }
        }
    }
}
