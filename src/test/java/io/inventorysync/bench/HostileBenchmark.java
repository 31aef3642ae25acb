package io.inventorysync.bench;

import Wazuh.SyncSchema.DataBatch;
import Wazuh.SyncSchema.DataValue;
import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.MessageType;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Start;
import com.google.flatbuffers.FlatBufferBuilder;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterClient;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.simulator.SimulatedAgent.Item;
import io.inventorysync.simulator.SimulatedAgent.Value;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14: one hostile connection must not cost more than its share. {@code --agents} (20) well-behaved agents sync
 * {@code --items} (500) packages each, session after session, while one attacker runs the attacks of the issue in a
 * loop for {@code --duration} seconds (120): shared-reference Starts and DataBatches, DataValues sharing one data
 * vector, dotted agent keys, over-long DataClean indices, log-injecting Starts, frames cut by a close, and stalled
 * partial frames on up to 200 extra connections. Prints the good agents' End→EndAck p50/p99, their sessions ok/failed,
 * and the service's peak RSS and heap; writes {@code hostile.csv} to {@code --out}. Run by {@code scripts/bench.sh hostile}
 * ({@code --hostile-attack false}: the good agents alone, for a baseline).
 */
public final class HostileBenchmark {

    private static final String PACKAGES = "wazuh-states-inventory-packages";

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].startsWith("--") && !args[i + 1].startsWith("--")) {
                opt.put(args[i].substring(2), args[++i]);
            }
        }
        Path out = Path.of(opt.get("out"));
        Path project =
                Path.of(opt.getOrDefault("project", ".")).toAbsolutePath().normalize();
        Path certs = Path.of(opt.get("certs")).toAbsolutePath();
        Path ossecConf = TestIndexer.writeOssecConf(
                out,
                List.of(opt.get("indexer-url")),
                List.of(certs.resolve("root-ca.pem")),
                certs.resolve("client.pem"),
                certs.resolve("client-key.pem"));
        int agents = Integer.parseInt(opt.getOrDefault("hostile-agents", "20"));
        int items = Integer.parseInt(opt.getOrDefault("hostile-items", "500"));
        long durationNanos = Long.parseLong(opt.getOrDefault("hostile-duration", "120")) * 1_000_000_000L;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("inventory.ossec-conf", ossecConf.toString());
        props.put(
                "logback.configurationFile",
                project.resolve("config/logback.xml").toString());
        List<String> jvm = List.of("-Xmx" + opt.getOrDefault("service-heap", "1g"));

        try (ServiceProcess svc = ServiceProcess.start(
                project, project.resolve("target/inventory-sync.jar"), out, "hostile", jvm, props)) {
            svc.resetSamples();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Long> endAcks = Collections.synchronizedList(new ArrayList<>());
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                String agentId = String.format(Locale.ROOT, "%03d", 100 + a);
                threads.add(
                        start("good-" + agentId, () -> good(svc.port(), agentId, items, running, endAcks, ok, failed)));
            }
            AtomicLong attacks = new AtomicLong();
            // --hostile-attack false: the same good agents alone, the baseline to compare with
            if (Boolean.parseBoolean(opt.getOrDefault("hostile-attack", "true"))) {
                threads.add(start("attacker", () -> attacker(svc.port(), running, attacks)));
            }
            long end = System.nanoTime() + durationNanos;
            while (System.nanoTime() < end) {
                Thread.sleep(1000);
            }
            running.set(false);
            for (Thread t : threads) {
                t.join(90_000);
            }
            List<Long> sorted = new ArrayList<>(endAcks);
            Collections.sort(sorted);
            String csv = String.format(
                    Locale.ROOT,
                    "metric,value%ngood_sessions_ok,%d%ngood_sessions_failed,%d%n"
                            + "good_endack_p50_ms,%.1f%ngood_endack_p99_ms,%.1f%nattack_rounds,%d%nservice_peak_rss_mib,%.0f%n"
                            + "service_peak_heap_used_mib,%.0f%nservice_max_heap_mib,%.0f%n",
                    ok.get(),
                    failed.get(),
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    attacks.get(),
                    svc.peakRss() / 1048576.0,
                    svc.peakHeapUsed() / 1048576.0,
                    svc.maxHeap() / 1048576.0);
            Files.writeString(out.resolve("hostile.csv"), csv);
            System.out.print(csv);
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    private static double percentile(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        return sortedNanos.get(Math.min(sortedNanos.size() - 1, (int) Math.ceil(p * sortedNanos.size()) - 1)) / 1e6;
    }

    /** One well-behaved agent: ModuleFull sessions of {@code items} packages, one after the other. */
    private static void good(
            int port,
            String agentId,
            int items,
            AtomicBoolean running,
            List<Long> endAcks,
            AtomicLong ok,
            AtomicLong failed) {
        List<Item> packages = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            packages.add(new Value(
                    Operation.Upsert,
                    "pkg-" + i,
                    PACKAGES,
                    0,
                    ("{\"package\":{\"name\":\"pkg-" + i + "\",\"version\":\"1.0." + i + "\",\"description\":\""
                                    + "d".repeat(300) + "\"}}")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        while (running.get()) {
            try (RouterClient router = new RouterClient("127.0.0.1", port, 60_000)) {
                while (running.get()) {
                    SimulatedAgent.Result r = new SimulatedAgent(router)
                            .sync(
                                    StartSpec.defaults()
                                            .agentid(agentId)
                                            .agentname("agent-" + agentId)
                                            .mode(Mode.ModuleFull)
                                            .size(items)
                                            .indices(List.of(PACKAGES)),
                                    packages,
                                    Set.of());
                    if (r.ok()) {
                        ok.incrementAndGet();
                        endAcks.add(r.endAckNanos());
                    } else {
                        failed.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
    }

    /** The attacks of issue 14 in a loop, on one connection (reopened when the service closes it) plus stalled extras. */
    private static void attacker(int port, AtomicBoolean running, AtomicLong rounds) {
        byte[] sharedStart = sharedIndexStart();
        byte[] sharedBatch = sharedValueBatch();
        byte[] sharedData = sharedDataBatch();
        byte[] injecting = AgentMessages.start(
                StartSpec.defaults().agentid("1\n2026-01-01 ERROR forged").size(1));
        byte[] stalledFrame = Arrays.copyOf(RouterFrame.bytesOf(RouterFrame.of("P", new byte[1_000_000])), 200_000);
        Deque<RouterClient> stalled = new ArrayDeque<>();
        RouterClient main = null;
        while (running.get()) {
            try {
                if (main == null) {
                    main = new RouterClient("127.0.0.1", port, 60_000);
                }
                long session = new SimulatedAgent(main)
                        .start(StartSpec.defaults().agentid("900").size(3).indices(List.of(PACKAGES)))
                        .session();
                main.publish(sharedStart);
                main.publish(sharedBatch);
                main.publish(sharedData);
                main.publish(injecting);
                main.publish(AgentMessages.dataClean(0, session, "wazuh-states-inventory-" + "x".repeat(70_000)));
                main.publish(AgentMessages.dataValue(
                        1,
                        session,
                        Operation.Upsert,
                        "forged",
                        PACKAGES,
                        0,
                        "{\"wazuh.agent.id\":\"100\",\"wazuh\":{\"agent.id\":\"101\"}}"
                                .getBytes(StandardCharsets.UTF_8)));
                // a frame cut by the close
                try (RouterClient cut = new RouterClient("127.0.0.1", port, 60_000)) {
                    cut.sendRaw(Arrays.copyOf(stalledFrame, 1000));
                }
                // stalled partial frames: up to 200 at a time, the oldest replaced
                RouterClient stall = new RouterClient("127.0.0.1", port, 60_000);
                stall.sendRaw(stalledFrame);
                stalled.add(stall);
                if (stalled.size() > 200) {
                    stalled.poll().close();
                }
                rounds.incrementAndGet();
            } catch (Exception e) {
                // the service closed this connection: open a new one
                try {
                    if (main != null) {
                        main.close();
                    }
                } catch (Exception ignored) {
                    // gone already
                }
                main = null;
            }
        }
        for (RouterClient c : stalled) {
            try {
                c.close();
            } catch (Exception ignored) {
                // gone already
            }
        }
    }

    /** 8,061 index entries pointing at one 32,500-byte allowlisted name (64,872 bytes; 262 MB of Strings unchecked). */
    private static byte[] sharedIndexStart() {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int name = b.createString("wazuh-states-inventory-" + "p".repeat(32_477));
        int[] refs = new int[8061];
        Arrays.fill(refs, name);
        int index = Start.createIndexVector(b, refs);
        int start = Start.createStart(
                b,
                b.createString("syscollector"),
                Mode.ModuleFull,
                10,
                index,
                (byte) 0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                b.createString("901"),
                0,
                0,
                0,
                0);
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.Start, start));
        return b.sizedByteArray();
    }

    /** Just under 1 MiB: references to one DataValue with 524 KB of data (~68 GB in a write batch unchecked). */
    private static byte[] sharedValueBatch() {
        FlatBufferBuilder b = new FlatBufferBuilder(1 << 20);
        int value = DataValue.createDataValue(
                b,
                0,
                1,
                Operation.Upsert,
                b.createString("id"),
                b.createString(PACKAGES),
                0,
                b.createByteVector(new byte[524_000]));
        int[] refs = new int[(1_000_000 - 530_000) / 4];
        Arrays.fill(refs, value);
        return batch(b, refs);
    }

    /** Distinct DataValues sharing one 200 KB data vector. */
    private static byte[] sharedDataBatch() {
        FlatBufferBuilder b = new FlatBufferBuilder(1 << 20);
        int data = b.createByteVector(new byte[200_000]);
        int id = b.createString("id");
        int[] values = new int[5000];
        for (int i = 0; i < values.length; i++) {
            values[i] = DataValue.createDataValue(b, i, 1, Operation.Upsert, id, id, 0, data);
        }
        return batch(b, values);
    }

    private static byte[] batch(FlatBufferBuilder b, int[] refs) {
        int batch = DataBatch.createDataBatch(b, DataBatch.createValuesVector(b, refs));
        Message.finishMessageBuffer(b, Message.createMessage(b, MessageType.DataBatch, batch));
        return b.sizedByteArray();
    }
}
