package io.inventorysync.session;

import Wazuh.SyncSchema.Message;
import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.InboundSegment;
import io.inventorysync.store.RocksDBAggregationRepository;
import io.inventorysync.store.RocksDBPayload;
import io.inventorysync.store.RocksDBStore;
import io.inventorysync.store.RocksDBSyncMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.LoggerFactory;

/**
 * The worst-case orders of issue 14 §8 through the real per-message path (SessionMessages, the aggregator with the
 * RocksDB repository and SessionAggregation), one message per exchange as a peer sending one item per frame gets:
 * <ul>
 * <li>odd seqs one per message, then the even ones (every odd message opens a new hole);</li>
 * <li>distinct allowlisted DataCleans, one per message.</li>
 * </ul>
 * Prints µs per message for each half; with a per-message cost that grows with the session, the second figure of
 * a row and the figures of larger sessions grow. Not a test (surefire excludes {@code *Benchmark*}):
 * <pre>
 * mvn -B -o -q test-compile &amp;&amp; java -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
 *     io.inventorysync.session.SessionWorstCaseBenchmark [sizes...]
 * </pre>
 */
public final class SessionWorstCaseBenchmark {

    private static final byte[] DATA = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.inventorysync"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.camel"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(2_000, 8_000, 32_000);
        }
        Path root = Files.createTempDirectory("session-bench");
        try {
            // warm-up, not reported
            run(root.resolve("warm"), 4_000, false);
            run(root.resolve("warm-clean"), 4_000, true);
            System.out.printf(
                    Locale.ROOT,
                    "%-40s %14s %14s %10s%n",
                    "workload (one message per item)",
                    "1st half µs/msg",
                    "2nd half µs/msg",
                    "total s");
            for (int n : sizes) {
                run(root.resolve("odd-even-" + n), n, false);
            }
            for (int n : sizes) {
                run(root.resolve("clean-" + n), n, true);
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, int n, boolean cleans) throws Exception {
        ServiceMetrics metrics = new ServiceMetrics();
        SessionAdmission admission = new SessionAdmission(new SessionLimits(10, 10_000_000), () -> true, metrics);
        RocksDBStore store = new RocksDBStore(dir);
        store.setWipeOnStart(true);
        store.setWal(false);
        RocksDBAggregationRepository repository = new RocksDBAggregationRepository("bench", store);
        repository.setSync(RocksDBSyncMode.NEVER);
        repository.setUseRecovery(false);
        SessionMessages messages = new SessionMessages(admission, new RocksDBPayload(store), metrics);
        SessionAggregation aggregation = new SessionAggregation(admission, metrics, System::nanoTime);
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:data")
                        .process(messages)
                        .split(body())
                        .aggregate(simple("${body.key()}"), aggregation)
                        .aggregationRepository(repository)
                        .completionPredicate(aggregation::isComplete)
                        .completionTimeout(600_000)
                        .process(e -> {});
            }
        });
        store.start();
        camel.start();
        try {
            ProducerTemplate template = camel.createProducerTemplate();
            StartRequest start = new StartRequest(
                    "001",
                    "syscollector",
                    Mode.ModuleDelta,
                    n,
                    List.of(),
                    (byte) 0,
                    () -> new AgentMetadata("n", "v", List.of(), "x86_64", "h", "os", "p", "t", "1"),
                    0,
                    "",
                    "");
            long session = admission.admit(start, null).session().id();
            long t0 = System.nanoTime();
            long half = 0;
            if (cleans) {
                for (int seq = 0; seq < n; seq++) {
                    if (seq == n / 2) {
                        half = System.nanoTime();
                    }
                    send(template, AgentMessages.dataClean(seq, session, "wazuh-states-inventory-i" + seq));
                }
            } else {
                int sent = 0;
                for (int pass = 1; pass >= 0; pass--) {
                    for (int seq = pass; seq < n; seq += 2) {
                        if (sent++ == n / 2) {
                            half = System.nanoTime();
                        }
                        send(
                                template,
                                AgentMessages.dataValue(
                                        seq,
                                        session,
                                        Operation.Upsert,
                                        "id" + seq,
                                        "wazuh-states-inventory-packages",
                                        0,
                                        DATA));
                    }
                }
            }
            long t1 = System.nanoTime();
            double first = (half - t0) / 1e3 / (n / 2.0);
            double second = (t1 - half) / 1e3 / (n - n / 2.0);
            if (!dir.getFileName().toString().startsWith("warm")) {
                System.out.printf(
                        Locale.ROOT,
                        "%-40s %14.1f %14.1f %10.2f%n",
                        String.format(
                                Locale.ROOT, "%s, size %,d", cleans ? "distinct DataCleans" : "odd seqs, then even", n),
                        first,
                        second,
                        (t1 - t0) / 1e9);
            }
        } finally {
            camel.close();
            store.stop();
        }
    }

    private static void send(ProducerTemplate template, byte[] message) {
        List<Message> one = new ArrayList<>(1);
        one.add(Message.getRootAsMessage(ByteBuffer.wrap(message)));
        template.sendBody("direct:data", new InboundSegment.Data(null, one));
    }
}
