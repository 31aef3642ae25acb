package io.inventorysync.bench;

import Wazuh.SyncSchema.Mode;
import Wazuh.SyncSchema.Operation;
import Wazuh.SyncSchema.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import io.inventorysync.bench.BenchCharts.Line;
import io.inventorysync.bench.BenchCharts.Marker;
import io.inventorysync.bench.BenchCharts.Panel;
import io.inventorysync.config.OssecConf;
import io.inventorysync.indexer.AgentDocuments;
import io.inventorysync.indexer.agent.AgentIds;
import io.inventorysync.indexer.agent.AgentMetadata;
import io.inventorysync.indexer.client.IndexerClient;
import io.inventorysync.indexer.client.Response;
import io.inventorysync.protocol.AgentMessages;
import io.inventorysync.protocol.DataValueSpec;
import io.inventorysync.protocol.StartSpec;
import io.inventorysync.router.RouterFrame;
import io.inventorysync.session.StoredItem;
import io.inventorysync.simulator.FullSessionAgent;
import io.inventorysync.simulator.FullSessionClient;
import io.inventorysync.simulator.FullSessionStart;
import io.inventorysync.simulator.SimulatedAgent;
import io.inventorysync.store.RocksDBPayloadKeys;
import io.inventorysync.store.RocksDBStore;
import io.inventorysync.testsupport.BenchLink;
import io.inventorysync.testsupport.TestIndexer;
import io.inventorysync.tls.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark of the whole service against the indexer's own limit (issue 8). Not a test (surefire excludes
 * {@code *Benchmark*}); {@code scripts/bench.sh} builds the jar, starts the TLS test indexer and runs it. Every
 * scenario starts the service as its own JVM ({@link ServiceProcess}) and talks to it over TCP as the router does.
 *
 * <ul>
 * <li>{@code e2e}: A agents x M items through the service into the indexer, C connections (one session at a time per
 * connection), then the same documents bulk-indexed directly with opensearch-java (10 MiB bulks, C threads) into
 * another index of the same indexer; docs/s of both and their ratio, StartAck and End-to-EndAck{Ok} latencies, the
 * service's and the indexer's CPU. Three variants, each with its own service and baseline: Full over 20 connections,
 * Delta over 20, Full over 8 ({@code e2e-full-20}, ...); one only with {@code --mode} or {@code --concurrency}.</li>
 * <li>{@code ingest}: frames/s from TCP into RocksDB for sessions never ended (indexer idle), against raw RocksDB
 * write batches of the same keys and values.</li>
 * <li>{@code burst}: 10,000 Starts at once (5,000 agents x 2 modules) with the default limits.</li>
 * <li>{@code big}: one 1,000,000-item session, service at -Xmx256m; RSS and heap over time.</li>
 * <li>{@code storm} (only when named): a restart storm, 2,000 Full sessions started within 5 s over 20 shared
 * connections, each agent with the simulator's retry rules.</li>
 * <li>{@code fullsession} (only when named): the e2e workload as the second generation's FullSession requests
 * ({@code POST /stateful}, one per connection, as remoted sends them) on the service's socket, 20 agents at a time,
 * full resyncs (a Cleans, then the whole dataset), against the direct baseline in the same run; docs/s of both and
 * their ratio (target 0.95), the answer times, the service's peak RSS.</li>
 * </ul>
 * Writes {@code results.csv}, {@code results.json}, per-scenario series CSVs and PNG charts to {@code --out}.
 */
public final class ServiceBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACKAGES = "wazuh-states-inventory-packages-";
    private static final int BULK_BYTES = 10 * 1024 * 1024;
    /** Posts of one FullSession request at most, as the simulator's agents (Simulate --attempts). */
    private static final int FULLSESSION_ATTEMPTS = 3;

    private final Map<String, String> opt;
    private final Path project;
    private final Path out;
    private final Path jar;
    private final String runId;
    private final String indexerUrl;
    private final Path ossecConf;
    private final OssecConf conf;
    private final IndexerClient admin;
    private final List<String[]> rows = new ArrayList<>();
    private final ObjectNode json = JSON.createObjectNode();
    /** How agents reach the service: {@code --transport tcp} (default) or {@code wazuh} (broker + AR queue). */
    private final FrontDoor door;
    /** The indexer's pid (from {@code --indexer-pid-file}, written by start-indexer.sh), 0 when not known. */
    private final long indexerPid;

    private ServiceBenchmark(Map<String, String> opt) throws IOException {
        this.opt = opt;
        this.project =
                Path.of(opt.getOrDefault("project", ".")).toAbsolutePath().normalize();
        this.out = Path.of(opt.get("out")).toAbsolutePath();
        this.jar = project.resolve("target/inventory-sync.jar");
        this.runId =
                opt.getOrDefault("run-id", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        this.indexerUrl = opt.get("indexer-url");
        Path certs = Path.of(opt.get("certs")).toAbsolutePath();
        Files.createDirectories(out);
        this.ossecConf = TestIndexer.writeOssecConf(
                out,
                List.of(indexerUrl),
                List.of(certs.resolve("root-ca.pem")),
                certs.resolve("client.pem"),
                certs.resolve("client-key.pem"));
        this.conf = OssecConf.load(ossecConf);
        this.admin = IndexerClient.create(conf.indexerSettings());
        this.indexerPid = readPid(opt.get("indexer-pid-file"));
        try {
            this.door = "wazuh".equals(opt.getOrDefault("transport", "tcp"))
                    ? FrontDoor.wazuh(out.resolve("manager"))
                    : FrontDoor.tcp();
        } catch (Exception e) {
            throw new IOException("cannot start the router broker emulator: " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Map<String, String> opt = new LinkedHashMap<>();
        List<String> scenarios = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String key = args[i].substring(2);
                int eq = key.indexOf('=');
                if (eq > 0) {
                    opt.put(key.substring(0, eq), key.substring(eq + 1));
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    opt.put(key, args[++i]);
                } else {
                    opt.put(key, "true");
                }
            } else {
                scenarios.add(args[i]);
            }
        }
        if (scenarios.isEmpty() || scenarios.contains("all")) {
            scenarios = List.of("e2e", "ingest", "burst", "big");
        }
        ServiceBenchmark bench = new ServiceBenchmark(opt);
        bench.json.put("command", opt.getOrDefault("command", ""));
        bench.json.put("run", bench.runId);
        bench.json.put("cores", Runtime.getRuntime().availableProcessors());
        bench.json.put("java", System.getProperty("java.version"));
        bench.json.set("options", JSON.valueToTree(opt));
        try {
            for (String s : scenarios) {
                System.out.println("=== " + s + " ===");
                switch (s) {
                    case "e2e" -> bench.e2e();
                    case "ingest" -> bench.ingest();
                    case "burst" -> bench.burst();
                    case "big" -> bench.big();
                    case "storm" -> bench.storm();
                    case "fullsession" -> bench.fullSession();
                    default ->
                        throw new IllegalArgumentException(
                                "unknown scenario " + s + " (e2e, ingest, burst, big, storm, fullsession)");
                }
                bench.writeResults(); // after each scenario: a later failure keeps what was measured
            }
        } finally {
            bench.admin.close();
            bench.door.close();
        }
        System.out.println("results: " + bench.out);
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------------ e2e

    /**
     * One agent session as seen by the agent: nanoTime stamps, the statuses as named in the results (a Status name;
     * an HTTP code in fullsession; "none" when there was no answer), whether it succeeded, and the rounds it took
     * beyond the first (ReqRet rounds; fullsession: posts again after a 503). In fullsession the "start" is the Cleans
     * request (0 stamps without one) and the "end" the SyncData request's last post.
     */
    record SessionTiming(
            long startSent,
            long startAck,
            long endSent,
            long endAck,
            int items,
            String startStatus,
            String endStatus,
            int reqRetRounds,
            boolean ok) {}

    /**
     * One e2e variant: the sessions' mode, the connections (and the direct baseline's requests in flight), and the
     * door: the router protocol, or FullSession requests on the service's socket ({@code fullsession}).
     */
    record E2eVariant(byte mode, int connections, boolean fullSession) {
        E2eVariant(byte mode, int connections) {
            this(mode, connections, false);
        }

        String name() {
            return fullSession ? "fullsession" : "e2e-" + modeName() + "-" + connections;
        }

        String modeName() {
            return mode == Mode.ModuleFull ? "full" : "delta";
        }

        /** The first and second latency's metric prefix and chart label: StartAck and EndAck, or the two answers. */
        String startMetric() {
            return fullSession ? "cleans_answer" : "startack";
        }

        String endMetric() {
            return fullSession ? "answer" : "end_endack";
        }

        String startLabel() {
            return fullSession ? "Cleans -> answer" : "Start -> StartAck";
        }

        String endLabel() {
            return fullSession ? "SyncData -> 200" : "End -> EndAck{Ok}";
        }
    }

    /**
     * Full mode over 20 connections (the headline), Delta over 20 and Full over 8, each against its own direct
     * baseline; only the variant asked for when {@code --mode} or {@code --concurrency} is given (the other one then
     * takes its old default: delta, 8).
     */
    private void e2e() throws Exception {
        List<E2eVariant> variants = opt.containsKey("mode") || opt.containsKey("concurrency")
                ? List.of(new E2eVariant(mode(), intOpt("concurrency", 8)))
                : List.of(
                        new E2eVariant(Mode.ModuleFull, 20),
                        new E2eVariant(Mode.ModuleDelta, 20),
                        new E2eVariant(Mode.ModuleFull, 8));
        List<String> lines = new ArrayList<>();
        for (E2eVariant v : variants) {
            System.out.println("--- " + v.name() + " ---");
            lines.add(e2eVariant(v));
            writeResults();
        }
        System.out.println("e2e summary (docs/s service / direct = ratio; StartAck and End -> EndAck{Ok} p50 / p99"
                + " / max ms; CPU s: service, indexer during the service run / during the direct run)");
        lines.forEach(System.out::println);
    }

    /**
     * The e2e workload (same agents, items, document size and warm-up) posted as the second generation's FullSession
     * requests to the service's socket, 20 agents at a time ({@code --concurrency}), full resyncs by default
     * ({@code --mode delta}: one ModuleDelta each), against the direct baseline in the same run.
     */
    private void fullSession() throws Exception {
        byte mode = "delta".equalsIgnoreCase(opt.getOrDefault("mode", "full")) ? Mode.ModuleDelta : Mode.ModuleFull;
        E2eVariant v = new E2eVariant(mode, intOpt("concurrency", 20), true);
        String line = e2eVariant(v);
        System.out.println("fullsession summary (docs/s service / direct = ratio, target >= 0.95; Cleans and SyncData"
                + " answer p50 / p99 / max ms; CPU s: service, indexer during the service run / during the direct run;"
                + " the service's peak RSS)");
        System.out.println(line);
    }

    /** Runs one variant, adds its figures under scenario {@code v.name()}; returns its one-line summary. */
    private String e2eVariant(E2eVariant v) throws Exception {
        int agents = intOpt("agents", 200);
        int items = intOpt("items", 2000);
        int conc = v.connections();
        int docBytes = intOpt("doc-bytes", 400);
        byte mode = v.mode();
        String sc = v.name();
        String index = PACKAGES + sc + "-" + runId;
        String direct = PACKAGES + "direct-" + sc + "-" + runId;
        createIndex(index);
        createIndex(direct);
        Map<String, String> props = new LinkedHashMap<>(serviceProps());
        Path socket = v.fullSession() ? fullSessionSocket(sc) : null;
        if (socket != null) {
            props.put("inventory.fullsession.enabled", "true");
            props.put("inventory.fullsession.socket", socket.toString());
        }
        List<String> jvm = serviceJvm();
        OpenSearchClient os = openSearch(conc);
        try (ServiceProcess svc = ServiceProcess.start(project, jar, out, sc, jvm, props);
                AutoCloseable closeClient = () -> os._transport().close()) {
            // warm-up of both paths (JIT of the service, of the client and of the indexer), not reported
            // half the measured volume: with 20 agents (80,000 documents) the indexer's JIT still compiled 7-9 s per
            // 10 s through the service run, which goes first, and was quiet by the direct run (JFR of the indexer)
            int warm = intOpt("warmup-agents", Math.min(100, agents));
            if (warm > 0) {
                String warmIndex = PACKAGES + "warmup-" + runId;
                System.out.printf(Locale.ROOT, "warm-up: %d agents x %d items, service then direct%n", warm, items);
                sessions(v, svc, socket, warm, items, warmIndex, 100_000, docBytes);
                directRun(os, warm, items, conc, warmIndex, 200_000, docBytes);
                admin.send(indexerUrl, "DELETE", "/" + warmIndex, null);
            }
            boolean jfr = Boolean.parseBoolean(opt.getOrDefault("jfr", "false"));
            if (jfr) {
                System.out.println(svc.jcmd("JFR.start", "name=bench", "settings=profile"));
            }
            svc.resetSamples();
            double indexerCpu0 = indexerCpuSeconds();
            IndexerWork work0 = indexerWork();
            // wall-clock bounds of both measured runs, to cut a profile of another process (the indexer's) to them
            Instant serviceFrom = Instant.now();
            long t0 = System.nanoTime();
            List<SessionTiming> sessions = sessions(v, svc, socket, agents, items, index, 0, docBytes);
            long t1 = System.nanoTime();
            double indexerCpuService = indexerCpuSeconds() - indexerCpu0;
            IndexerWork workService = indexerWork().minus(work0);
            System.out.printf(Locale.ROOT, "  service run: %s .. %s%n", serviceFrom, Instant.now());
            long first =
                    sessions.stream().mapToLong(SessionTiming::startSent).min().orElse(t0);
            long last = sessions.stream()
                    .filter(SessionTiming::ok)
                    .mapToLong(SessionTiming::endAck)
                    .max()
                    .orElse(t0);
            if (jfr) {
                Path file = out.resolve(sc + ".jfr");
                System.out.println(svc.jcmd("JFR.dump", "name=bench", "filename=" + file));
                svc.jcmd("JFR.stop", "name=bench");
            }
            long okSessions = sessions.stream().filter(SessionTiming::ok).count();
            long docs = sessions.stream()
                    .filter(SessionTiming::ok)
                    .mapToLong(SessionTiming::items)
                    .sum();
            double seconds = (last - first) / 1e9;
            double serviceRate = docs / seconds;
            long peakRss = svc.peakRss();
            long peakHeap = svc.peakHeapUsed();
            double cpu = svc.cpuSinceReset();
            List<ServiceProcess.Sample> memory = svc.samples();
            svc.close();

            // the baseline: the same documents straight into the same indexer
            double indexerCpu1 = indexerCpuSeconds();
            IndexerWork work1 = indexerWork();
            Instant directFrom = Instant.now();
            long d0 = System.nanoTime();
            long directDocs = directRun(os, agents, items, conc, direct, 0, docBytes);
            double directSeconds = (System.nanoTime() - d0) / 1e9;
            System.out.printf(Locale.ROOT, "  direct run: %s .. %s%n", directFrom, Instant.now());
            double indexerCpuDirect = indexerCpuSeconds() - indexerCpu1;
            IndexerWork workDirect = indexerWork().minus(work1);
            double directRate = directDocs / directSeconds;

            long indexedService = count(index);
            long indexedDirect = count(direct);
            // each variant starts from an indexer without the earlier variants' indices
            admin.send(indexerUrl, "DELETE", "/" + index + "," + direct, null);
            long[] startLat = sessions.stream()
                    .filter(s -> s.startAck() > 0)
                    .mapToLong(s -> s.startAck() - s.startSent())
                    .sorted()
                    .toArray();
            long[] endLat = sessions.stream()
                    .filter(SessionTiming::ok)
                    .mapToLong(s -> s.endAck() - s.endSent())
                    .sorted()
                    .toArray();
            add(sc, "agents", agents, "");
            add(sc, "items_per_agent", items, "");
            add(sc, "concurrency", conc, "connections");
            add(sc, "doc_bytes", docBytes, "bytes");
            add(
                    sc,
                    "mode",
                    v.fullSession()
                            ? (mode == Mode.ModuleFull ? "Cleans+ModuleDelta" : "ModuleDelta")
                            : (mode == Mode.ModuleFull ? "ModuleFull" : "ModuleDelta"),
                    "");
            add(sc, "sessions_ok", okSessions, "sessions");
            add(sc, "sessions_not_ok", sessions.size() - okSessions, "sessions");
            add(
                    sc,
                    v.fullSession() ? "posts_again_after_503" : "reqret_rounds",
                    sessions.stream().mapToInt(SessionTiming::reqRetRounds).sum(),
                    "");
            add(sc, "service_docs", docs, "docs");
            add(sc, "service_seconds", seconds, "s");
            add(sc, "service_docs_per_s", serviceRate, "docs/s");
            add(sc, "direct_docs", directDocs, "docs");
            add(sc, "direct_seconds", directSeconds, "s");
            add(sc, "direct_docs_per_s", directRate, "docs/s");
            add(sc, "ratio_service_direct", serviceRate / directRate, "");
            add(sc, "indexed_service_index", indexedService, "docs");
            add(sc, "indexed_direct_index", indexedDirect, "docs");
            add(sc, v.startMetric() + "_p50_ms", pct(startLat, 0.50) / 1e6, "ms");
            add(sc, v.startMetric() + "_p99_ms", pct(startLat, 0.99) / 1e6, "ms");
            add(sc, v.startMetric() + "_p999_ms", pct(startLat, 0.999) / 1e6, "ms");
            add(sc, v.startMetric() + "_max_ms", pct(startLat, 1.0) / 1e6, "ms");
            add(sc, v.endMetric() + "_p50_ms", pct(endLat, 0.50) / 1e6, "ms");
            add(sc, v.endMetric() + "_p99_ms", pct(endLat, 0.99) / 1e6, "ms");
            add(sc, v.endMetric() + "_max_ms", pct(endLat, 1.0) / 1e6, "ms");
            add(sc, "service_peak_rss_mb", peakRss / 1048576.0, "MiB");
            add(sc, "service_peak_heap_used_mb", peakHeap / 1048576.0, "MiB");
            add(sc, "service_cpu_seconds", cpu, "s");
            add(sc, "service_cpu_us_per_doc", cpu * 1e6 / Math.max(1, docs), "us");
            // the indexer's CPU over each measured run: cores busy = CPU seconds / wall seconds (2 cores here)
            add(sc, "indexer_cpu_seconds_service_run", indexerCpuService, "s");
            add(sc, "indexer_cores_busy_service_run", indexerCpuService / ((t1 - t0) / 1e9), "cores");
            add(sc, "indexer_cpu_seconds_direct_run", indexerCpuDirect, "s");
            add(sc, "indexer_cores_busy_direct_run", indexerCpuDirect / directSeconds, "cores");
            workService.add(this, sc, "service_run");
            workDirect.add(this, sc, "direct_run");
            System.out.printf(
                    Locale.ROOT,
                    "  indexer work, service run: %s%n  indexer work, direct run:  %s%n",
                    workService,
                    workDirect);
            String line = String.format(
                    Locale.ROOT,
                    "  %-14s %,8.0f / %,8.0f = %.2f; %s %.1f / %.1f / %.1f ms; %s %.0f / %.0f / %.0f"
                            + " ms; CPU service %.1f s, indexer %.1f / %.1f s; peak RSS %.0f MiB",
                    sc,
                    serviceRate,
                    directRate,
                    serviceRate / directRate,
                    v.startLabel(),
                    pct(startLat, 0.50) / 1e6,
                    pct(startLat, 0.99) / 1e6,
                    pct(startLat, 1.0) / 1e6,
                    v.endLabel(),
                    pct(endLat, 0.50) / 1e6,
                    pct(endLat, 0.99) / 1e6,
                    pct(endLat, 1.0) / 1e6,
                    cpu,
                    indexerCpuService,
                    indexerCpuDirect,
                    peakRss / 1048576.0);

            // series and chart: t = seconds since the scenario's first Start
            double tBase = (first - t0) / 1e9;
            StringBuilder csv = new StringBuilder("start_sent_s," + v.startMetric() + "_ms,end_sent_s,endack_s,"
                    + v.endMetric() + "_ms,items,start_status,end_status\n");
            for (SessionTiming s : sessions) {
                csv.append(String.format(
                        Locale.ROOT,
                        "%.4f,%.3f,%.4f,%.4f,%.3f,%d,%s,%s%n",
                        (s.startSent() - first) / 1e9,
                        (s.startAck() - s.startSent()) / 1e6,
                        (s.endSent() - first) / 1e9,
                        (s.endAck() - first) / 1e9,
                        (s.endAck() - s.endSent()) / 1e6,
                        s.items(),
                        s.startStatus(),
                        s.endStatus()));
            }
            Files.writeString(out.resolve(sc + "-sessions.csv"), csv);
            writeMemory(sc, memory, tBase);
            int buckets = (int) Math.ceil(seconds) + 1;
            double[] perSecond = new double[buckets];
            for (SessionTiming s : sessions) {
                if (s.ok()) {
                    perSecond[Math.min(buckets - 1, (int) ((s.endAck() - first) / 1_000_000_000L))] += s.items();
                }
            }
            double[] secs = new double[buckets];
            for (int i = 0; i < buckets; i++) {
                secs[i] = i + 0.5;
            }
            List<SessionTiming> ok = sessions.stream().filter(SessionTiming::ok).toList();
            // a fullsession delta has no Cleans: no first latency
            List<SessionTiming> answered =
                    sessions.stream().filter(s -> s.startAck() > 0).toList();
            BenchCharts.save(
                    out.resolve(sc + ".png"),
                    String.format(
                            Locale.ROOT,
                            "%s, %s: %d agents x %d items, %d connections: service %.0f docs/s = %.2f x direct bulk (%.0f docs/s)",
                            v.fullSession() ? "FullSession" : "End-to-end",
                            mode == Mode.ModuleFull ? "Full" : "Delta",
                            agents,
                            items,
                            conc,
                            serviceRate,
                            serviceRate / directRate,
                            directRate),
                    v.fullSession() ? "seconds since the first post" : "seconds since the first Start",
                    List.of(
                            new Panel(
                                    "documents acknowledged / s",
                                    List.of(new Line(
                                            v.fullSession()
                                                    ? "service (sessions answered 200, per second)"
                                                    : "service (EndAck{Ok} per second)",
                                            secs,
                                            perSecond,
                                            false)),
                                    List.of(
                                            new Marker(
                                                    String.format(
                                                            Locale.ROOT,
                                                            "direct opensearch-java bulk: %.0f docs/s",
                                                            directRate),
                                                    directRate),
                                            new Marker(
                                                    String.format(
                                                            Locale.ROOT, "service average: %.0f docs/s", serviceRate),
                                                    serviceRate)),
                                    false),
                            new Panel(
                                    "latency (ms, log)",
                                    List.of(
                                            new Line(
                                                    v.endLabel(),
                                                    ok.stream()
                                                            .mapToDouble(s -> (s.endAck() - first) / 1e9)
                                                            .toArray(),
                                                    ok.stream()
                                                            .mapToDouble(s -> (s.endAck() - s.endSent()) / 1e6)
                                                            .toArray(),
                                                    true),
                                            new Line(
                                                    v.startLabel(),
                                                    answered.stream()
                                                            .mapToDouble(s -> (s.startAck() - first) / 1e9)
                                                            .toArray(),
                                                    answered.stream()
                                                            .mapToDouble(s -> (s.startAck() - s.startSent()) / 1e6)
                                                            .toArray(),
                                                    true)),
                                    List.of(),
                                    true),
                            memoryPanel(memory, tBase)));
            return line;
        }
    }

    /** One run of {@code agents} agents through the variant's door (router connections or FullSession requests). */
    private List<SessionTiming> sessions(
            E2eVariant v,
            ServiceProcess svc,
            Path socket,
            int agents,
            int items,
            String index,
            int offset,
            int docBytes)
            throws InterruptedException {
        return v.fullSession()
                ? fullSessionRun(
                        socket, agents, items, v.connections(), index, offset, v.mode() == Mode.ModuleFull, docBytes)
                : serviceRun(svc.port(), agents, items, v.connections(), index, offset, v.mode(), docBytes);
    }

    /**
     * Agents {@code offset..offset+agents-1}, {@code conc} at a time, each posting its session as remoted does (one
     * request per connection, remoted's timeouts: an answer later than 20 s is a failed session, as remoted answers
     * the agent 503): full, a Cleans then the whole dataset; delta, the dataset alone. A 503 with Retry-After is posted
     * again after that wait, {@value #FULLSESSION_ATTEMPTS} posts at most. Each body is built before its first post.
     */
    private static List<SessionTiming> fullSessionRun(
            Path socket, int agents, int items, int conc, String index, int offset, boolean full, int docBytes)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<SessionTiming> done = new ConcurrentLinkedQueue<>();
        AtomicInteger failuresShown = new AtomicInteger();
        FullSessionAgent agent = new FullSessionAgent(FullSessionClient.unix(socket), FULLSESSION_ATTEMPTS);
        onThreads("fullsession-agent", conc, null, c -> {
            int a;
            while ((a = next.getAndIncrement()) < agents) {
                int id = offset + a + 1;
                // the same agent fields as the router sessions and the direct baseline (its first-generation mode is
                // not carried over)
                FullSessionStart start = FullSessionStart.from(startSpec(id, index, Mode.ModuleDelta, "syscollector"));
                // materialised once: the builder sizes itself from the items, then writes them
                List<SimulatedAgent.Value> values = new ArrayList<>(values(id, items, index, docBytes));
                FullSessionAgent.Result r = agent.sync(start, values, full);
                if (!r.ok() && failuresShown.getAndIncrement() < 5) {
                    System.out.println("fullsession: agent " + id + " not ok: " + describe(r));
                }
                done.add(timing(r, items));
            }
        });
        return new ArrayList<>(done);
    }

    private static SessionTiming timing(FullSessionAgent.Result r, int items) {
        FullSessionAgent.Posted cleans = r.cleans();
        FullSessionAgent.Posted data = r.data();
        return new SessionTiming(
                r.began(),
                cleans == null ? 0 : cleans.answered(),
                data == null ? r.ended() : data.posted(),
                r.ended(),
                items,
                cleans == null ? "none" : cleans.status(),
                data == null ? "none" : data.status(),
                r.retries(),
                r.ok());
    }

    private static String describe(FullSessionAgent.Result r) {
        FullSessionAgent.Posted last = r.data() != null ? r.data() : r.cleans();
        String what = r.data() != null ? "SyncData" : "Cleans";
        return what + " "
                + (last.answer() != null ? last.status() + " " + last.answer().body() : last.error());
    }

    /**
     * {@code <out>/<scenario>/fs.sock}, or one in a new temporary directory when that path is longer than a Unix
     * socket address holds (108 bytes with its NUL).
     */
    private Path fullSessionSocket(String scenario) throws IOException {
        Path dir = out.resolve(scenario);
        if (dir.resolve("fs.sock").toString().getBytes(StandardCharsets.UTF_8).length > 100) {
            dir = Files.createTempDirectory("inventory-fs-");
        }
        Files.createDirectories(dir);
        return dir.resolve("fs.sock");
    }

    /** Agents {@code offset..offset+agents-1} over {@code conc} connections, each connection one session at a time. */
    private List<SessionTiming> serviceRun(
            int port, int agents, int items, int conc, String index, int offset, byte mode, int docBytes)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<SessionTiming> done = new ConcurrentLinkedQueue<>();
        onThreads("agent-conn", conc, null, c -> {
            try (BenchLink router = door.connect(port, 600_000)) {
                SimulatedAgent agent = new SimulatedAgent(router);
                int a;
                while ((a = next.getAndIncrement()) < agents) {
                    int id = offset + a + 1;
                    List<SimulatedAgent.Value> values = values(id, items, index, docBytes);
                    long t0 = System.nanoTime();
                    router.forAgent(startSpec(id, index, mode, "syscollector").agentid());
                    SimulatedAgent.Ack start = agent.start(
                            startSpec(id, index, mode, "syscollector").size(items));
                    long t1 = System.nanoTime();
                    if (!start.ok()) {
                        done.add(new SessionTiming(
                                t0, t1, t1, t1, items, Status.name(start.status()), "none", 0, false));
                        continue;
                    }
                    agent.sendItems(start.session(), values, Set.of());
                    long t2 = System.nanoTime();
                    SimulatedAgent.Ended end = agent.end(start.session(), values);
                    String endStatus =
                            end.ack() == null ? "none" : Status.name(end.ack().status());
                    done.add(new SessionTiming(
                            t0,
                            t1,
                            t2,
                            System.nanoTime(),
                            items,
                            Status.name(start.status()),
                            endStatus,
                            end.reqRetRounds(),
                            end.ack() != null && end.ack().ok()));
                }
            }
        });
        return new ArrayList<>(done);
    }

    /** The same documents the service writes (agent JSON with the Start's agent fields), in 10 MiB bulks, C threads. */
    private long directRun(OpenSearchClient os, int agents, int items, int conc, String index, int offset, int docBytes)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong indexed = new AtomicLong();
        onThreads("direct-bulk", conc, null, c -> {
            List<BulkOperation> ops = new ArrayList<>();
            long bytes = 0;
            int a;
            while ((a = next.getAndIncrement()) < agents) {
                int id = offset + a + 1;
                StartSpec spec = startSpec(id, index, Mode.ModuleDelta, "syscollector");
                AgentDocuments documents =
                        new AgentDocuments(AgentIds.pad(spec.agentid()), spec.clusterName(), metadata(spec), "");
                for (int i = 0; i < items; i++) {
                    byte[] data = packageDoc(id, i, docBytes);
                    ObjectNode doc = documents.document(data);
                    String docId = documents.documentId(itemId(id, i));
                    ops.add(BulkOperation.of(
                            b -> b.index(x -> x.index(index).id(docId).document(doc))));
                    bytes += data.length + 520; // the agent fields (~420 B) and the action line (~100 B)
                    if (bytes >= BULK_BYTES) {
                        indexed.addAndGet(bulk(os, ops));
                        ops = new ArrayList<>();
                        bytes = 0;
                    }
                }
            }
            if (!ops.isEmpty()) {
                indexed.addAndGet(bulk(os, ops));
            }
        });
        return indexed.get();
    }

    private static long bulk(OpenSearchClient os, List<BulkOperation> ops) throws IOException {
        BulkResponse r = os.bulk(b -> b.operations(ops));
        if (r.errors()) {
            for (BulkResponseItem item : r.items()) {
                if (item.error() != null) {
                    throw new IOException("direct bulk item refused: " + item.status() + " "
                            + item.error().reason());
                }
            }
        }
        return r.items().size();
    }

    private OpenSearchClient openSearch(int conc) throws Exception {
        SSLContext ssl = TlsMaterial.sslContext(conf.certificateAuthorities(), conf.certificate(), conf.key());
        URI uri = URI.create(indexerUrl);
        HttpHost host = new HttpHost("https", uri.getHost(), uri.getPort());
        var transport = ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(new JacksonJsonpMapper())
                .setHttpClientConfigCallback(
                        b -> b.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                .setTlsStrategy(ClientTlsStrategyBuilder.create()
                                        .setSslContext(ssl)
                                        .buildAsync())
                                .setMaxConnTotal(conc * 2)
                                .setMaxConnPerRoute(conc * 2)
                                .build()))
                .build();
        return new OpenSearchClient(transport);
    }

    // ------------------------------------------------------------------------------------------------ ingest

    private void ingest() throws Exception {
        int agents = intOpt("ingest-agents", 100);
        int items = intOpt("ingest-items", intOpt("items", 2000));
        int conc = intOpt("concurrency", 8);
        int docBytes = intOpt("doc-bytes", 400);
        // the measured round is repeated, the service's and raw RocksDB's each, and the median taken: one round of 1 s
        // moved by ±30 % between runs, raw's as much as the service's (session 10)
        int repeats = Math.max(1, intOpt("ingest-repeats", 3));
        String index = PACKAGES + "ingest-" + runId;
        Map<String, String> props = new LinkedHashMap<>(serviceProps());
        props.put("inventory.session.timeout", "600s");
        props.put(
                "inventory.session.max-pending-items",
                Long.toString((long) (agents * repeats + intOpt("ingest-warmup-agents", 4 * agents)) * items + 1000));
        List<String> jvm = serviceJvm();
        IngestRound measured = null;
        double[] serviceRounds = new double[repeats];
        double serviceSeconds;
        double ingestCpu;
        double ingestBrokerCpu;
        long peakRss;
        long peakHeap;
        List<ServiceProcess.Sample> memory;
        try (ServiceProcess svc = ServiceProcess.start(project, jar, out, "ingest", jvm, props)) {
            List<BenchLink> conns = new ArrayList<>();
            for (int c = 0; c < conc; c++) {
                conns.add(door.connect(svc.port(), 120_000));
            }
            // warm-up (JIT, heap, RocksDB memtables): 4 times the measured volume, in rounds of the measured shape (the
            // same connections, other agents), not reported. What runs once per frame reaches C2 only after ~5,000
            // frames; and a warm-up of another shape (one session's frames after the other's, on one connection) left
            // SessionMessages.dataBatch compiled for one session per read: it was deoptimized in the measured part,
            // whose reads interleave sessions, and recompiled there (session 10, -Xlog:jit+compilation)
            int warmRounds = (int) Math.round((double) intOpt("ingest-warmup-agents", 4 * agents) / agents);
            for (int r = 0; r < warmRounds; r++) {
                IngestRound warm = openIngestRound(conns, 100_000 * (r + 1), agents, items, index, docBytes, false);
                sendIngestRound(conns, warm, index, 900_000 + (r + 1) * 1000);
            }
            double cpu = 0;
            double brokerCpu = 0;
            for (int rep = 0; rep < repeats; rep++) {
                // untimed: open the sessions and build every frame (the raw baseline's writes from the first round's)
                IngestRound round = openIngestRound(conns, 1 + rep * agents, agents, items, index, docBytes, rep == 0);
                if (rep == 0) {
                    measured = round;
                    System.out.printf(
                            Locale.ROOT,
                            "ingest: %d sessions open, %,d DataBatch frames (%,d items) built, after %d warm-up"
                                    + " rounds; %d measured rounds%n",
                            agents,
                            round.frames(),
                            (long) agents * items,
                            warmRounds,
                            repeats);
                }
                // each measured round starts from a quiet service, as each raw round starts from a quiet store
                System.out.printf(Locale.ROOT, "ingest: service idle after %.1f s%n", svc.awaitIdle(60));
                if (rep == 0) {
                    startJfr(svc);
                }
                svc.resetSamples();
                double broker0 = door.brokerCpuSeconds();
                serviceRounds[rep] = sendIngestRound(conns, round, index, 900_000 + (rep + 10) * 1000);
                double roundCpu = svc.cpuSinceReset();
                double roundBrokerCpu = door.brokerCpuSeconds() - broker0;
                cpu += roundCpu;
                brokerCpu += roundBrokerCpu;
                System.out.printf(
                        Locale.ROOT,
                        "ingest: measured round %d: %,.0f frames/s, CPU service %.0f ms, broker %.0f ms%n",
                        rep + 1,
                        round.frames() / serviceRounds[rep],
                        roundCpu * 1000,
                        roundBrokerCpu * 1000);
            }
            serviceSeconds = median(serviceRounds);
            // per round; by thread: the last round
            ingestCpu = cpu / repeats;
            printThreadCpu("ingest", svc);
            ingestBrokerCpu = brokerCpu / repeats;
            dumpJfr(svc, "ingest");
            peakRss = svc.peakRss();
            peakHeap = svc.peakHeapUsed();
            memory = svc.samples();
            for (BenchLink r : conns) {
                r.close();
            }
        }
        // raw RocksDB twice: with the service's own column family options (the baseline: what its storage engine
        // does alone), and with RocksDB's defaults (the figure earlier sessions compared against)
        Raw raw = rawBaseline(out.resolve("raw-rocksdb"), measured.kvPerConn(), agents, repeats, true);
        Raw rawDefaults =
                rawBaseline(out.resolve("raw-rocksdb-defaults"), measured.kvPerConn(), agents, repeats, false);
        long frames = measured.frames();
        String sc = "ingest";
        long totalItems = (long) agents * items;
        add(sc, "sessions", agents, "sessions");
        add(sc, "items", totalItems, "items");
        add(sc, "frames", frames, "frames");
        add(sc, "payload_mb", measured.payloadBytes() / 1048576.0, "MiB");
        add(sc, "service_seconds", serviceSeconds, "s");
        add(sc, "service_frames_per_s", frames / serviceSeconds, "frames/s");
        add(sc, "service_items_per_s", totalItems / serviceSeconds, "items/s");
        add(sc, "raw_seconds", raw.seconds(), "s");
        add(sc, "raw_frames_per_s", frames / raw.seconds(), "frames/s");
        add(sc, "ratio_service_raw", raw.seconds() / serviceSeconds, "");
        // the benchmark JVM's CPU while it wrote: the writers and RocksDB's own threads
        add(sc, "raw_cpu_seconds", raw.cpuSeconds(), "s");
        add(sc, "raw_defaults_frames_per_s", frames / rawDefaults.seconds(), "frames/s");
        add(sc, "ratio_service_raw_defaults", rawDefaults.seconds() / serviceSeconds, "");
        add(sc, "raw_defaults_cpu_seconds", rawDefaults.cpuSeconds(), "s");
        add(sc, "service_cpu_seconds", ingestCpu, "s");
        add(sc, "broker_cpu_seconds", ingestBrokerCpu, "s");
        add(sc, "service_peak_rss_mb", peakRss / 1048576.0, "MiB");
        add(sc, "service_peak_heap_used_mb", peakHeap / 1048576.0, "MiB");
        writeMemory("ingest", memory, 0);
    }

    /** One ingest round: per connection, its frames (and, for the raw baseline, each frame's keys then values). */
    private record IngestRound(
            List<List<byte[]>> framesPerConn, List<List<byte[][]>> kvPerConn, long frames, long payloadBytes) {}

    /**
     * Opens {@code agents} sessions of {@code items} items (agent ids from {@code firstAgent}, spread over the
     * connections) and builds their DataBatch frames, untimed; with {@code withKv}, also the raw baseline's writes.
     */
    private IngestRound openIngestRound(
            List<BenchLink> conns, int firstAgent, int agents, int items, String index, int docBytes, boolean withKv)
            throws Exception {
        int conc = conns.size();
        List<List<byte[]>> framesPerConn = new ArrayList<>();
        List<List<byte[][]>> kvPerConn = new ArrayList<>();
        for (int c = 0; c < conc; c++) {
            framesPerConn.add(new ArrayList<>());
            kvPerConn.add(new ArrayList<>());
        }
        long frames = 0;
        long payloadBytes = 0;
        for (int a = 0; a < agents; a++) {
            int c = a % conc;
            int id = firstAgent + a;
            conns.get(c)
                    .forAgent(startSpec(id, index, Mode.ModuleDelta, "syscollector")
                            .agentid());
            SimulatedAgent.Ack ack = new SimulatedAgent(conns.get(c))
                    .start(startSpec(id, index, Mode.ModuleDelta, "syscollector")
                            .size(items));
            if (!ack.ok()) {
                throw new IllegalStateException(
                        "ingest: Start of agent " + id + " refused: " + Status.name(ack.status()));
            }
            List<SimulatedAgent.Value> values = values(id, items, index, docBytes);
            List<DataValueSpec> batch = new ArrayList<>();
            int batchBytes = 0;
            for (int seq = 0; seq <= items; seq++) {
                SimulatedAgent.Value v = seq < items ? values.get(seq) : null;
                int bytes = v == null ? 0 : 64 + v.id().length() + v.index().length() + v.data().length;
                if (!batch.isEmpty() && (v == null || batchBytes + bytes > SimulatedAgent.BATCH_BYTES)) {
                    framesPerConn
                            .get(c)
                            .add(RouterFrame.bytesOf(
                                    RouterFrame.of(RouterFrame.PUBLISH_HEADER, AgentMessages.dataBatch(batch))));
                    if (withKv) {
                        byte[][] kv = new byte[batch.size() * 2][];
                        for (int i = 0; i < batch.size(); i++) {
                            DataValueSpec d = batch.get(i);
                            kv[i] = RocksDBPayloadKeys.itemKey(d.session(), d.seq());
                            kv[batch.size() + i] = StoredItem.encode(
                                    d.operation(),
                                    d.version(),
                                    utf8(d.id()),
                                    utf8(d.index()),
                                    d.data() == null ? null : ByteBuffer.wrap(d.data()));
                            payloadBytes += kv[i].length + kv[batch.size() + i].length;
                        }
                        kvPerConn.get(c).add(kv);
                    }
                    frames++;
                    batch.clear();
                    batchBytes = 0;
                }
                if (v != null) {
                    batch.add(new DataValueSpec(
                            seq, ack.session(), v.operation(), v.id(), v.index(), v.version(), v.data()));
                    batchBytes += bytes;
                }
            }
        }
        return new IngestRound(framesPerConn, kvPerConn, frames, payloadBytes);
    }

    /**
     * Every connection writes its frames, then a fence Start whose StartAck proves the frames before it were processed
     * (a connection's frames are handled in order). Returns the seconds from the first write to the last fence.
     */
    private double sendIngestRound(List<BenchLink> conns, IngestRound round, String index, int fenceBase)
            throws Exception {
        int conc = conns.size();
        CountDownLatch go = new CountDownLatch(1);
        long[] fenced = new long[conc];
        long[] t0 = new long[1];
        onThreads(
                "ingest-conn",
                conc,
                () -> {
                    t0[0] = System.nanoTime();
                    go.countDown();
                },
                cc -> {
                    BenchLink router = conns.get(cc);
                    go.await();
                    for (byte[] frame : round.framesPerConn().get(cc)) {
                        router.sendRaw(frame);
                    }
                    // size 0 in a data mode: answered StartAck{Error} and no session is opened
                    router.forAgent(Integer.toString(fenceBase + cc));
                    SimulatedAgent.Ack fence = new SimulatedAgent(router)
                            .start(startSpec(fenceBase + cc, index, Mode.ModuleDelta, "fence")
                                    .size(0));
                    fenced[cc] = System.nanoTime();
                    if (fence.status() != Status.Error) {
                        throw new IllegalStateException("fence Start answered " + Status.name(fence.status()));
                    }
                });
        return (Arrays.stream(fenced).max().getAsLong() - t0[0]) / 1e9;
    }

    /** Raw RocksDB's median seconds over its measured rounds, and its CPU per round. */
    private record Raw(double seconds, double cpuSeconds) {}

    /** The median of {@code values} (at least one). */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Raw RocksDB: the same keys and values, one write batch per frame, the same number of writer threads, WAL off as
     * the service's default ({@code inventory.storage.wal=false}); after the same warm-up volume (the same values
     * under other keys) and a wait for its flushes and compactions, so both start with the same compaction debt.
     * {@code storeOptions}: the service's column family options ({@link RocksDBStore#columnFamilyOptions()}), else
     * RocksDB's defaults. The measured write runs {@code repeats} times, each from a quiet store; the median counts.
     */
    private Raw rawBaseline(Path dir, List<List<byte[][]>> kvPerConn, int agents, int repeats, boolean storeOptions)
            throws Exception {
        RocksDB.loadLibrary();
        try (DBOptions dbOptions = new DBOptions().setCreateIfMissing(true);
                ColumnFamilyOptions cf = storeOptions ? RocksDBStore.columnFamilyOptions() : new ColumnFamilyOptions();
                Options options = new Options(dbOptions, cf);
                RocksDB db = RocksDB.open(options, dir.toString());
                WriteOptions write = new WriteOptions().setDisableWAL(true)) {
            int warmRounds = (int) Math.round((double) intOpt("ingest-warmup-agents", 4 * agents) / agents);
            for (int round = 0; round < warmRounds; round++) {
                rawWrite(db, write, kvPerConn, (byte) ('2' + round));
            }
            double[] rounds = new double[repeats];
            double cpu = 0;
            for (int rep = 0; rep < repeats; rep++) {
                awaitQuiet(db, 60);
                double cpu0 = ServiceProcess.cpuSeconds(ProcessHandle.current().pid());
                // a key space of its own per round (the warm-up's start at '2')
                rounds[rep] = rawWrite(db, write, kvPerConn, rep == 0 ? 0 : (byte) ('a' + rep));
                cpu += ServiceProcess.cpuSeconds(ProcessHandle.current().pid()) - cpu0;
            }
            return new Raw(median(rounds), cpu / repeats);
        } finally {
            deleteTree(dir);
        }
    }

    /** The service's busiest threads over the measured part: which stage sets the pace. */
    private static void printThreadCpu(String scenario, ServiceProcess svc) {
        StringBuilder line = new StringBuilder(scenario).append(": service CPU by thread (ms):");
        for (Map.Entry<String, Long> t : svc.threadCpuSinceReset(8)) {
            line.append(' ').append(t.getKey()).append('=').append(t.getValue());
        }
        System.out.println(line);
    }

    /**
     * Writes every connection's frames as raw write batches, one thread per connection; {@code firstKeyByte} other than 0
     * replaces the first byte of every key (a distinct key space for warm-up rounds). Returns the seconds taken.
     */
    private static double rawWrite(RocksDB db, WriteOptions write, List<List<byte[][]>> kvPerConn, byte firstKeyByte)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        long[] t0 = new long[1];
        onThreads(
                "raw-rocksdb",
                kvPerConn.size(),
                () -> {
                    t0[0] = System.nanoTime();
                    go.countDown();
                },
                c -> {
                    go.await();
                    for (byte[][] kv : kvPerConn.get(c)) {
                        int n = kv.length / 2;
                        try (WriteBatch batch = new WriteBatch()) {
                            for (int i = 0; i < n; i++) {
                                byte[] key = kv[i];
                                if (firstKeyByte != 0) {
                                    key = key.clone();
                                    key[0] = firstKeyByte;
                                }
                                batch.put(key, kv[n + i]);
                            }
                            db.write(write, batch);
                        }
                    }
                });
        return (System.nanoTime() - t0[0]) / 1e9;
    }

    /** Waits until RocksDB runs and owes no flush or compaction, at most {@code maxSeconds}. */
    private static void awaitQuiet(RocksDB db, int maxSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < deadline
                && (db.getLongProperty("rocksdb.num-running-flushes") > 0
                        || db.getLongProperty("rocksdb.num-running-compactions") > 0
                        || db.getLongProperty("rocksdb.mem-table-flush-pending") > 0
                        || db.getLongProperty("rocksdb.compaction-pending") > 0)) {
            Thread.sleep(100);
        }
    }

    // ------------------------------------------------------------------------------------------------ burst

    private void burst() throws Exception {
        int agents = intOpt("burst-agents", 5000);
        int conns = intOpt("burst-connections", 16);
        List<String> modules = List.of("syscollector", "fim");
        int size = intOpt("burst-size", 10);
        List<String> jvm = serviceJvm();
        try (ServiceProcess svc = ServiceProcess.start(project, jar, out, "burst", jvm, serviceProps())) {
            // the warm-up is the measured burst itself, repeated: frames arrive batched per read, so what runs once per
            // read is called as often, and with the same batch sizes, as in the measured burst only in a burst of the
            // same size (rounds of 500 agents left the per-read code interpreted and compiling during the burst)
            int warm = intOpt("burst-warmup", agents);
            int rounds = intOpt("burst-warmup-rounds", 1);
            // 14 passes: with 6, the compiler threads still took 70 of the service's 160 ms of CPU in the measured
            // burst (its CPU per thread, session 9); with 14, 20 ms
            int passes = intOpt("burst-warmup-passes", 14);
            // a pause after each round lets the JIT compile what the round made hot: under a long compile queue the
            // JVM raises its thresholds, and the compilations would otherwise land in the measured burst
            int pauseMillis = intOpt("burst-warmup-pause-ms", 500);
            // a cold start first: 2,000 Starts into the service just started, what it sees when every agent
            // reconnects after a restart (and the size of the burst the C++ module refused 71 % of)
            BurstResult cold = burstOnce(svc.port(), intOpt("burst-cold-agents", 1000), 0, modules, conns, size);
            // warm-up (JIT) on the measured path: the measured agents' ids (short ids are padded: other branches than
            // long ones), but new agents in every round of a pass (a replaced session takes other branches too); none
            // gets data, so each pass's sessions expire after the default 10 s and the measured Starts find no session
            // to replace.
            for (int pass = 0; pass < passes; pass++) {
                for (int round = 0; round < rounds; round++) {
                    Thread.sleep(pauseMillis);
                    burstOnce(svc.port(), warm, (round * warm) % Math.max(1, agents - warm + 1), modules, conns, size);
                }
                Thread.sleep(TimeUnit.SECONDS.toMillis(12));
            }
            System.out.printf(Locale.ROOT, "burst: service idle after %.1f s%n", svc.awaitIdle(60));
            // time to attach strace -c or perf to the service for the measured burst only
            int holdMillis = intOpt("burst-hold-ms", 0);
            if (holdMillis > 0) {
                System.out.printf(Locale.ROOT, "burst: service pid %d, measuring in %d ms%n", svc.pid(), holdMillis);
                Thread.sleep(holdMillis);
            }
            startJfr(svc);
            svc.resetSamples();
            long measuredFrom = System.nanoTime();
            BurstResult r = burstOnce(svc.port(), agents, 0, modules, conns, size);
            double serviceCpu = svc.cpuSinceReset();
            printThreadCpu("burst", svc);
            // CLOCK_MONOTONIC, as perf record -k CLOCK_MONOTONIC stamps its samples (perf report --time from,to)
            System.out.printf(
                    Locale.ROOT,
                    "burst: measured burst %.6f-%.6f s (monotonic)%n",
                    measuredFrom / 1e9,
                    System.nanoTime() / 1e9);
            double clientCpu = r.clientCpuNanos / 1e9;
            dumpJfr(svc, "burst");
            String sc = "burst";
            long[] lat =
                    r.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] coldLat =
                    cold.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            add(sc, "cold_starts", coldLat.length, "Starts");
            add(sc, "cold_refused", cold.offline + cold.error, "StartAcks");
            add(sc, "cold_startack_p50_ms", pct(coldLat, 0.50) / 1e6, "ms");
            add(sc, "cold_startack_p99_ms", pct(coldLat, 0.99) / 1e6, "ms");
            add(sc, "starts", (long) agents * modules.size(), "Starts");
            add(sc, "connections", conns, "connections");
            add(sc, "session_size", size, "items");
            add(sc, "ok", r.ok, "StartAcks");
            add(sc, "refused_offline", r.offline, "StartAcks");
            add(sc, "refused_error", r.error, "StartAcks");
            add(sc, "missing", (long) agents * modules.size() - lat.length, "StartAcks");
            add(sc, "startack_p50_ms", pct(lat, 0.50) / 1e6, "ms");
            add(sc, "startack_p99_ms", pct(lat, 0.99) / 1e6, "ms");
            add(sc, "startack_max_ms", lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, "ms");
            add(sc, "all_sent_after_ms", r.allSent / 1e6, "ms");
            add(sc, "all_acked_after_ms", r.lastAck / 1e6, "ms");
            add(sc, "service_peak_rss_mb", svc.peakRss() / 1048576.0, "MiB");
            // both share the machine's cores: their sum against 2 x all_acked_after_ms says how busy it was
            add(sc, "service_cpu_ms", serviceCpu * 1e3, "ms");
            add(sc, "service_cpu_us_per_start", serviceCpu * 1e6 / Math.max(1, lat.length), "us");
            add(sc, "client_cpu_ms", clientCpu * 1e3, "ms");
            // the whole benchmark JVM (the clients and, with --transport wazuh, remoted's AR queue) and the broker's
            add(sc, "bench_jvm_cpu_ms", r.benchCpuSeconds * 1e3, "ms");
            add(sc, "broker_cpu_ms", r.brokerCpuSeconds * 1e3, "ms");
            StringBuilder csv = new StringBuilder("sent_ms,startack_ms\n");
            double[] xs = new double[r.points.size()];
            double[] ys = new double[r.points.size()];
            int i = 0;
            for (double[] p : r.points) {
                csv.append(String.format(Locale.ROOT, "%.3f,%.3f%n", p[0], p[1]));
                xs[i] = p[0] / 1000;
                ys[i++] = p[1];
            }
            Files.writeString(out.resolve("burst-startacks.csv"), csv);
            BenchCharts.save(
                    out.resolve("burst.png"),
                    String.format(
                            Locale.ROOT,
                            "Burst: %,d Starts at once over %d connections: %d refused, StartAck p50 %.1f ms, p99 %.1f ms",
                            agents * modules.size(),
                            conns,
                            r.offline + r.error,
                            pct(lat, 0.5) / 1e6,
                            pct(lat, 0.99) / 1e6),
                    "seconds since the burst began (Start sent)",
                    List.of(new Panel(
                            "Start -> StartAck (ms)",
                            List.of(new Line("one Start", xs, ys, true)),
                            List.of(new Marker("target p99 50 ms", 50)),
                            false)));
        }
    }

    /** CPU time of this benchmark process (the client side), all threads. */
    private static long clientCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One burst's StartAcks, collected after the client finished (one thread). */
    private static final class BurstResult {
        final List<Long> latencies = new ArrayList<>();
        final List<double[]> points = new ArrayList<>();
        long ok;
        long offline;
        long error;
        long lastAck;
        double brokerCpuSeconds;
        double benchCpuSeconds;
        long allSent;
        /** From the connections opened to the last StartAck read (the frames are built before). */
        long clientCpuNanos;
    }

    /**
     * {@code agents} x {@code modules} Starts, pre-built, written at once over {@code conns} connections by
     * {@link BurstClient}, which also reads the StartAcks.
     */
    private BurstResult burstOnce(int port, int agents, int offset, List<String> modules, int conns, int size)
            throws Exception {
        List<List<String>> keys = new ArrayList<>();
        List<List<byte[]>> frames = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            keys.add(new ArrayList<>());
            frames.add(new ArrayList<>());
        }
        int total = agents * modules.size();
        for (int a = 0; a < agents; a++) {
            int id = offset + a + 1;
            for (String module : modules) {
                int c = (a * modules.size() + modules.indexOf(module)) % conns;
                StartSpec spec = startSpec(id, PACKAGES + "burst", Mode.ModuleDelta, module)
                        .size(size);
                keys.get(c).add(AgentIds.pad(spec.agentid()) + " " + module + "_sync");
                frames.get(c)
                        .add(RouterFrame.bytesOf(
                                RouterFrame.of(RouterFrame.PUBLISH_HEADER, AgentMessages.start(spec))));
            }
        }
        long cpu0 = clientCpuNanos();
        double broker0 = door.brokerCpuSeconds();
        double bench0 = ServiceProcess.cpuSeconds(ProcessHandle.current().pid());
        BurstClient.Outcome o = door instanceof FrontDoor.Wazuh wazuh
                ? WazuhBurstClient.run(wazuh, frames, keys, 120_000)
                : BurstClient.run(port, frames, keys, 120_000);
        BurstResult r = new BurstResult();
        r.clientCpuNanos = clientCpuNanos() - cpu0;
        r.brokerCpuSeconds = door.brokerCpuSeconds() - broker0;
        r.benchCpuSeconds = ServiceProcess.cpuSeconds(ProcessHandle.current().pid()) - bench0;
        r.allSent = o.allSentAt() == 0 ? 0 : o.allSentAt() - o.startedAt();
        for (int c = 0; c < conns; c++) {
            for (int n = 0; n < o.ackedAt()[c].length; n++) {
                long sent = o.sentAt()[c][n];
                long acked = o.ackedAt()[c][n];
                if (acked == 0) {
                    continue;
                }
                byte status = o.status()[c][n];
                if (status == Status.Ok) {
                    r.ok++;
                } else if (status == Status.Offline) {
                    r.offline++;
                } else {
                    r.error++;
                }
                r.latencies.add(acked - sent);
                r.points.add(new double[] {(sent - o.startedAt()) / 1e6, (acked - sent) / 1e6});
                r.lastAck = Math.max(r.lastAck, acked - o.startedAt());
            }
        }
        if (r.latencies.size() != total) {
            System.out.printf(Locale.ROOT, "burst: %d of %d Starts answered%n", r.latencies.size(), total);
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------ storm

    /** One storm agent's outcome, with what its link counted. */
    record StormAgent(
            int id,
            int connection,
            long began,
            long done,
            SimulatedAgent.Result result,
            MuxConnection.AgentLink link,
            String error) {}

    /**
     * A restart storm: {@code storm-agents} agents, Full mode, all starting within {@code storm-spread-s} seconds into
     * a service just started (no warm-up: that is what a restart is), each with the simulator's retry rules (a wait of
     * {@code storm-wait-s} per answer, {@code storm-attempts} sends of Start and of End). The agents share
     * {@code storm-connections} connections, many sessions in flight on each, as a manager's router carries them.
     */
    private void storm() throws Exception {
        if (!"tcp".equals(door.name())) {
            throw new IllegalArgumentException("storm runs over the TCP listener only (--transport tcp)");
        }
        int agents = intOpt("storm-agents", 2000);
        int items = intOpt("storm-items", 500);
        double spread = Double.parseDouble(opt.getOrDefault("storm-spread-s", "5"));
        int conns = intOpt("storm-connections", 20);
        int waitSeconds = intOpt("storm-wait-s", 60);
        int attempts = intOpt("storm-attempts", 3);
        int docBytes = intOpt("doc-bytes", 400);
        String sc = "storm";
        String index = PACKAGES + "storm-" + runId;
        createIndex(index);
        StormAgent[] outcomes = new StormAgent[agents];
        List<MuxConnection> links = new ArrayList<>();
        try (ServiceProcess svc = ServiceProcess.start(project, jar, out, sc, serviceJvm(), serviceProps())) {
            for (int c = 0; c < conns; c++) {
                links.add(new MuxConnection(svc.port(), "storm-conn-" + c));
            }
            // each agent's first Start at a uniform random moment of the spread (seeded: the same storm every run)
            Random random = new Random(16);
            long[] offsets = new long[agents];
            for (int a = 0; a < agents; a++) {
                offsets[a] = (long) (random.nextDouble() * spread * 1e9);
            }
            System.out.printf(
                    Locale.ROOT,
                    "storm: %d agents x %d items, Full, within %.1f s over %d connections; wait %d s, %d sends%n",
                    agents,
                    items,
                    spread,
                    conns,
                    waitSeconds,
                    attempts);
            svc.resetSamples();
            long resetAt = System.nanoTime();
            double indexer0 = indexerCpuSeconds();
            double bench0 = ServiceProcess.cpuSeconds(ProcessHandle.current().pid());
            // one thread per agent (each waits like an agent: blocked on its own answers); all are started before
            // t0, so starting 2,000 threads is not part of the spread
            long t0 = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            onThreads("storm-agent", agents, null, a -> {
                int id = a + 1;
                int c = a % conns;
                MuxConnection.AgentLink link =
                        links.get(c).link(AgentIds.pad(String.format(Locale.ROOT, "%03d", id)), "syscollector");
                StartSpec spec = startSpec(id, index, Mode.ModuleFull, "syscollector");
                List<SimulatedAgent.Value> values = values(id, items, index, docBytes);
                long wake = t0 + offsets[a] - System.nanoTime();
                if (wake > 0) {
                    TimeUnit.NANOSECONDS.sleep(wake);
                }
                long began = System.nanoTime();
                SimulatedAgent.Result result = null;
                String error = null;
                try {
                    result = new SimulatedAgent(link, Duration.ofSeconds(waitSeconds), attempts)
                            .sync(spec, values, Set.of());
                } catch (IOException e) {
                    error = e.toString();
                }
                outcomes[a] = new StormAgent(id, c, began, System.nanoTime(), result, link, error);
            });
            double serviceCpu = svc.cpuSinceReset();
            double indexerCpu = indexerCpuSeconds() - indexer0;
            double benchCpu = ServiceProcess.cpuSeconds(ProcessHandle.current().pid()) - bench0;
            long peakRss = svc.peakRss();
            long peakHeap = svc.peakHeapUsed();
            List<ServiceProcess.Sample> memory = svc.samples();
            long unrouted = links.stream().mapToLong(MuxConnection::unrouted).sum();
            // what the service saw: sessions that expired waiting for their data, messages of sessions it no longer had
            for (String counter : List.of(
                    "SessionsCompleted",
                    "SessionsFailed",
                    "SessionsExpired",
                    "StartsRefused",
                    "MessagesUnknownSession",
                    "IndexingGroups")) {
                add(sc, "service_" + counter, svc.sessionsAttribute(counter), "");
            }
            for (MuxConnection m : links) {
                m.close();
            }
            stormFigures(
                    sc,
                    outcomes,
                    t0,
                    index,
                    items,
                    waitSeconds,
                    serviceCpu,
                    indexerCpu,
                    benchCpu,
                    peakRss,
                    peakHeap,
                    unrouted);
            writeMemory(sc, memory, (t0 - resetAt) / 1e9); // t = seconds since the storm's t0
        }
    }

    private void stormFigures(
            String sc,
            StormAgent[] outcomes,
            long t0,
            String index,
            int items,
            int waitSeconds,
            double serviceCpu,
            double indexerCpu,
            double benchCpu,
            long peakRss,
            long peakHeap,
            long unrouted)
            throws IOException {
        List<StormAgent> all = Arrays.asList(outcomes);
        List<StormAgent> ok =
                all.stream().filter(o -> o.result() != null && o.result().ok()).toList();
        long offline = count(
                all,
                o -> o.error() == null
                        && o.result().start() != null
                        && o.result().start().status() == Status.Offline);
        long startError = count(
                all,
                o -> o.error() == null
                        && o.result().start() != null
                        && o.result().start().status() != Status.Offline
                        && !o.result().start().ok());
        long noStartAck = count(all, o -> o.error() == null && o.result().start() == null);
        long noEndAck = count(
                all,
                o -> o.error() == null
                        && o.result().start() != null
                        && o.result().start().ok()
                        && o.result().end() == null);
        long endNotOk = count(
                all,
                o -> o.error() == null
                        && o.result().end() != null
                        && !o.result().end().ok());
        long broken = count(all, o -> o.error() != null);
        long[] endLat =
                ok.stream().mapToLong(o -> o.result().endAckNanos()).sorted().toArray();
        long[] startLat = all.stream()
                .filter(o -> o.result() != null && o.result().start() != null)
                .mapToLong(o -> o.result().startAckNanos())
                .sorted()
                .toArray();
        long firstBegan = all.stream().mapToLong(StormAgent::began).min().orElse(t0);
        long lastBegan = all.stream().mapToLong(StormAgent::began).max().orElse(t0);
        long allDone = all.stream().mapToLong(StormAgent::done).max().orElse(t0);
        long lastOk = ok.stream().mapToLong(StormAgent::done).max().orElse(t0);
        long longestWait =
                all.stream().mapToLong(o -> o.link().longestWaitNanos).max().orElse(0);
        long waitLimit = TimeUnit.SECONDS.toNanos(waitSeconds);
        add(sc, "agents", outcomes.length, "agents");
        add(sc, "items_per_agent", items, "");
        add(sc, "mode", "ModuleFull", "");
        add(sc, "connections", Integer.parseInt(opt.getOrDefault("storm-connections", "20")), "connections");
        add(sc, "answer_wait_s", waitSeconds, "s");
        add(sc, "attempts", intOpt("storm-attempts", 3), "sends");
        add(sc, "first_to_last_start_s", (lastBegan - firstBegan) / 1e9, "s");
        add(sc, "all_done_after_s", (allDone - firstBegan) / 1e9, "s");
        add(sc, "last_ok_after_s", (lastOk - firstBegan) / 1e9, "s");
        add(sc, "agents_ok", ok.size(), "agents");
        add(sc, "agents_given_up", outcomes.length - ok.size(), "agents");
        add(sc, "given_up_startack_offline", offline, "agents");
        add(sc, "given_up_startack_error", startError, "agents");
        add(sc, "given_up_no_startack", noStartAck, "agents");
        add(sc, "given_up_no_endack", noEndAck, "agents");
        add(sc, "given_up_endack_not_ok", endNotOk, "agents");
        add(sc, "given_up_connection_error", broken, "agents");
        for (int n = 1; n <= Math.max(1, intOpt("storm-attempts", 3)); n++) {
            int starts = n;
            add(sc, "ok_on_start_" + n, count(ok, o -> o.link().startsSent == starts), "agents");
        }
        add(
                sc,
                "offline_startacks",
                all.stream().mapToLong(o -> o.link().offlineStartAcks).sum(),
                "StartAcks");
        add(
                sc,
                "start_resends",
                all.stream()
                        .mapToLong(o -> Math.max(0, o.link().startsSent - 1))
                        .sum(),
                "Starts");
        add(
                sc,
                "end_resends",
                all.stream().mapToLong(o -> Math.max(0, o.link().endsSent - 1)).sum(),
                "Ends");
        add(sc, "waits_run_out", all.stream().mapToLong(o -> o.link().timeouts).sum(), "waits");
        add(
                sc,
                "reqret_rounds",
                ok.stream().mapToLong(o -> o.result().reqRetRounds()).sum(),
                "");
        add(sc, "longest_wait_for_an_answer_ms", longestWait / 1e6, "ms");
        add(sc, "agents_waiting_the_full_wait", count(all, o -> o.link().longestWaitNanos >= waitLimit), "agents");
        add(sc, "startack_p50_ms", pct(startLat, 0.50) / 1e6, "ms");
        add(sc, "startack_p99_ms", pct(startLat, 0.99) / 1e6, "ms");
        add(sc, "startack_max_ms", pct(startLat, 1.0) / 1e6, "ms");
        add(sc, "end_endack_p50_ms", pct(endLat, 0.50) / 1e6, "ms");
        add(sc, "end_endack_p99_ms", pct(endLat, 0.99) / 1e6, "ms");
        add(sc, "end_endack_max_ms", pct(endLat, 1.0) / 1e6, "ms");
        add(sc, "indexed", count(index), "docs");
        // sessions whose agents gave up at End may still be indexed, later than their last wait
        add(sc, "docs_of_ok_agents", (long) ok.size() * items, "docs");
        add(sc, "unrouted_responses", unrouted, "frames");
        add(sc, "service_peak_rss_mb", peakRss / 1048576.0, "MiB");
        add(sc, "service_peak_heap_used_mb", peakHeap / 1048576.0, "MiB");
        add(sc, "service_cpu_seconds", serviceCpu, "s");
        add(sc, "indexer_cpu_seconds", indexerCpu, "s");
        add(sc, "bench_jvm_cpu_seconds", benchCpu, "s");
        StringBuilder csv = new StringBuilder("agent,connection,began_s,done_s,starts_sent,ends_sent,offline_startacks,"
                + "startack_status,endack_status,startack_ms,end_endack_ms,longest_wait_ms,error\n");
        for (StormAgent o : outcomes) {
            SimulatedAgent.Result r = o.result();
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%d,%.4f,%.4f,%d,%d,%d,%s,%s,%.3f,%.3f,%.3f,%s%n",
                    o.id(),
                    o.connection(),
                    (o.began() - firstBegan) / 1e9,
                    (o.done() - firstBegan) / 1e9,
                    o.link().startsSent,
                    o.link().endsSent,
                    o.link().offlineStartAcks,
                    r == null || r.start() == null
                            ? "none"
                            : Status.name(r.start().status()),
                    r == null || r.end() == null ? "none" : Status.name(r.end().status()),
                    r == null ? 0 : r.startAckNanos() / 1e6,
                    r == null ? 0 : r.endAckNanos() / 1e6,
                    o.link().longestWaitNanos / 1e6,
                    o.error() == null ? "" : o.error().replace(',', ';')));
        }
        Files.writeString(out.resolve(sc + "-agents.csv"), csv);
    }

    private static long count(List<StormAgent> agents, Predicate<StormAgent> p) {
        return agents.stream().filter(p).count();
    }

    // ------------------------------------------------------------------------------------------------ big

    private void big() throws Exception {
        int items = intOpt("big-items", 1_000_000);
        int docBytes = intOpt("doc-bytes", 400);
        String heap = opt.getOrDefault("big-heap", "256m");
        String index = PACKAGES + "big-" + runId;
        createIndex(index);
        Map<String, String> props = new LinkedHashMap<>(serviceProps());
        // the default quota (500,000 declared items) refuses a 1,000,000-item session
        props.put("inventory.session.max-pending-items", Long.toString(Math.max(500_000L, items)));
        AtomicLong sentItems = new AtomicLong();
        List<double[]> progress = Collections.synchronizedList(new ArrayList<>());
        try (ServiceProcess svc = ServiceProcess.start(project, jar, out, "big", List.of("-Xmx" + heap), props);
                BenchLink router = door.connect(svc.port(), 1_800_000)) {
            SimulatedAgent agent = new SimulatedAgent(router);
            List<SimulatedAgent.Value> lazy = values(1, items, index, docBytes);
            List<SimulatedAgent.Value> counted = new AbstractList<>() {
                @Override
                public SimulatedAgent.Value get(int i) {
                    sentItems.accumulateAndGet(i + 1, Math::max);
                    return lazy.get(i);
                }

                @Override
                public int size() {
                    return items;
                }
            };
            svc.resetSamples();
            long t0 = System.nanoTime();
            AtomicLong phase = new AtomicLong();
            Thread poller = new Thread(
                    () -> {
                        while (phase.get() < 2) {
                            try {
                                Thread.sleep(1000);
                                double t = (System.nanoTime() - t0) / 1e9;
                                progress.add(new double[] {t, sentItems.get(), countNoRefresh(index)});
                            } catch (InterruptedException e) {
                                return;
                            } catch (RuntimeException e) {
                                // keep polling
                            }
                        }
                    },
                    "big-progress");
            poller.setDaemon(true);
            poller.start();
            router.forAgent("001");
            SimulatedAgent.Ack start = agent.start(
                    startSpec(1, index, Mode.ModuleDelta, "syscollector").size(items));
            if (!start.ok()) {
                throw new IllegalStateException("big: Start refused: " + Status.name(start.status()));
            }
            agent.sendItems(start.session(), counted, Set.of());
            long t1 = System.nanoTime();
            SimulatedAgent.Ended end = agent.end(start.session(), lazy);
            byte status = end.ack() == null ? (byte) -1 : end.ack().status();
            int rounds = end.reqRetRounds();
            long t2 = System.nanoTime();
            phase.set(2);
            List<ServiceProcess.Sample> memory = svc.samples();
            String sc = "big";
            add(sc, "items", items, "items");
            add(sc, "service_heap", heap, "");
            add(sc, "endack", Status.name(status), "");
            add(sc, "reqret_rounds", rounds, "");
            add(sc, "send_seconds", (t1 - t0) / 1e9, "s");
            add(sc, "end_to_endack_seconds", (t2 - t1) / 1e9, "s");
            add(sc, "total_seconds", (t2 - t0) / 1e9, "s");
            add(sc, "docs_per_s", items / ((t2 - t0) / 1e9), "docs/s");
            add(sc, "indexed", count(index), "docs");
            add(sc, "service_peak_rss_mb", svc.peakRss() / 1048576.0, "MiB");
            add(sc, "service_peak_heap_used_mb", svc.peakHeapUsed() / 1048576.0, "MiB");
            // RSS flatness: the median RSS of each quarter of the run
            for (int q = 0; q < 4; q++) {
                int from = memory.size() * q / 4;
                int to = Math.max(from + 1, memory.size() * (q + 1) / 4);
                long[] rss = memory.subList(Math.min(from, memory.size()), Math.min(to, memory.size())).stream()
                        .mapToLong(ServiceProcess.Sample::rss)
                        .sorted()
                        .toArray();
                add(sc, "rss_q" + (q + 1) + "_median_mb", rss.length == 0 ? 0 : rss[rss.length / 2] / 1048576.0, "MiB");
            }
            writeMemory("big", memory, 0);
            StringBuilder csv = new StringBuilder("t_s,items_sent,docs_searchable\n");
            progress.forEach(
                    p -> csv.append(String.format(Locale.ROOT, "%.2f,%d,%d%n", p[0], (long) p[1], (long) p[2])));
            Files.writeString(out.resolve("big-progress.csv"), csv);
            double endSent = (t1 - t0) / 1e9;
            BenchCharts.save(
                    out.resolve("big.png"),
                    String.format(
                            Locale.ROOT,
                            "Big session: %,d items, service -Xmx%s: EndAck{%s} after %.0f s (End sent at %.0f s), peak RSS %.0f MiB",
                            items,
                            heap,
                            Status.name(status),
                            (t2 - t0) / 1e9,
                            endSent,
                            svc.peakRss() / 1048576.0),
                    "seconds since Start",
                    List.of(
                            new Panel(
                                    "items (thousands)",
                                    List.of(
                                            new Line(
                                                    "sent by the agent",
                                                    progress.stream()
                                                            .mapToDouble(p -> p[0])
                                                            .toArray(),
                                                    progress.stream()
                                                            .mapToDouble(p -> p[1] / 1000)
                                                            .toArray(),
                                                    false),
                                            new Line(
                                                    "searchable in the indexer",
                                                    progress.stream()
                                                            .mapToDouble(p -> p[0])
                                                            .toArray(),
                                                    progress.stream()
                                                            .mapToDouble(p -> p[2] / 1000)
                                                            .toArray(),
                                                    false))),
                            memoryPanel(memory, 0)));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * The service's JVM options. With {@code --jfr} a recording runs from JVM start: starting the first one mid-run
     * makes the JIT recompile much of the hot code, which then shows in the measured part.
     */
    private List<String> serviceJvm() {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + opt.getOrDefault("service-heap", "1g")));
        if (Boolean.parseBoolean(opt.getOrDefault("jfr", "false"))) {
            jvm.add("-XX:StartFlightRecording=name=boot,settings=profile,maxsize=32m");
        }
        String extra = opt.getOrDefault("service-jvm", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        return jvm;
    }

    private void startJfr(ServiceProcess svc) throws Exception {
        if (Boolean.parseBoolean(opt.getOrDefault("jfr", "false"))) {
            svc.jcmd("JFR.start", "name=bench", "settings=profile");
        }
    }

    private void dumpJfr(ServiceProcess svc, String scenario) throws Exception {
        if (Boolean.parseBoolean(opt.getOrDefault("jfr", "false"))) {
            svc.jcmd("JFR.dump", "name=bench", "filename=" + out.resolve(scenario + ".jfr"));
            svc.jcmd("JFR.stop", "name=bench");
        }
    }

    private Map<String, String> serviceProps() {
        Map<String, String> p = new LinkedHashMap<>(door.serviceProperties());
        p.put("inventory.ossec-conf", ossecConf.toString());
        p.put("logback.configurationFile", project.resolve("config/logback.xml").toString());
        String extra = opt.getOrDefault("service-props", "");
        for (String kv : extra.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                p.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return p;
    }

    private static long readPid(String file) {
        try {
            long pid = file == null
                    ? 0
                    : Long.parseLong(Files.readString(Path.of(file)).trim());
            if (pid > 0 && Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"))) {
                return pid;
            }
        } catch (IOException | NumberFormatException e) {
            // reported below
        }
        System.out.println("indexer pid unknown (--indexer-pid-file " + file + "): its CPU is reported as 0");
        return 0;
    }

    /**
     * What the indexer's node did so far, from {@code _nodes/_local/stats/indices} (cumulative; subtract two): where
     * its CPU goes besides indexing — refreshes, merges and the searches of by-query requests.
     */
    record IndexerWork(
            long indexMs,
            long refreshes,
            long refreshMs,
            long merges,
            long mergeMs,
            long queries,
            long queryMs,
            long scrollMs,
            long deletes) {

        IndexerWork minus(IndexerWork o) {
            return new IndexerWork(
                    indexMs - o.indexMs,
                    refreshes - o.refreshes,
                    refreshMs - o.refreshMs,
                    merges - o.merges,
                    mergeMs - o.mergeMs,
                    queries - o.queries,
                    queryMs - o.queryMs,
                    scrollMs - o.scrollMs,
                    deletes - o.deletes);
        }

        void add(ServiceBenchmark b, String sc, String run) {
            b.add(sc, "indexer_index_ms_" + run, indexMs, "ms");
            b.add(sc, "indexer_refreshes_" + run, refreshes, "");
            b.add(sc, "indexer_refresh_ms_" + run, refreshMs, "ms");
            b.add(sc, "indexer_merges_" + run, merges, "");
            b.add(sc, "indexer_merge_ms_" + run, mergeMs, "ms");
            b.add(sc, "indexer_queries_" + run, queries, "");
            b.add(sc, "indexer_query_ms_" + run, queryMs + scrollMs, "ms");
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "indexing %,d ms; %,d refreshes %,d ms; %,d merges %,d ms; %,d queries %,d ms (+ scroll %,d ms);"
                            + " %,d deletes",
                    indexMs,
                    refreshes,
                    refreshMs,
                    merges,
                    mergeMs,
                    queries,
                    queryMs,
                    scrollMs,
                    deletes);
        }
    }

    private IndexerWork indexerWork() {
        try {
            Response r = admin.send(indexerUrl, "GET", "/_nodes/_local/stats/indices", null);
            JsonNode nodes = JSON.readTree(r.body()).path("nodes");
            JsonNode i = nodes.elements().hasNext() ? nodes.elements().next().path("indices") : JSON.missingNode();
            return new IndexerWork(
                    i.path("indexing").path("index_time_in_millis").asLong(),
                    i.path("refresh").path("total").asLong(),
                    i.path("refresh").path("total_time_in_millis").asLong(),
                    i.path("merges").path("total").asLong(),
                    i.path("merges").path("total_time_in_millis").asLong(),
                    i.path("search").path("query_total").asLong(),
                    i.path("search").path("query_time_in_millis").asLong(),
                    i.path("search").path("scroll_time_in_millis").asLong(),
                    i.path("indexing").path("delete_total").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The indexer's user + system CPU seconds so far (0 when its pid is unknown). */
    private double indexerCpuSeconds() {
        return indexerPid == 0 ? 0 : ServiceProcess.cpuSeconds(indexerPid);
    }

    private byte mode() {
        return "full".equalsIgnoreCase(opt.getOrDefault("mode", "delta")) ? Mode.ModuleFull : Mode.ModuleDelta;
    }

    private int intOpt(String key, int def) {
        return Integer.parseInt(
                opt.getOrDefault(key, Integer.toString(def)).replace("_", "").replace(",", ""));
    }

    static StartSpec startSpec(int id, String index, byte mode, String module) {
        String agentId = String.format(Locale.ROOT, "%03d", id);
        return StartSpec.defaults()
                .agentid(agentId)
                .agentname("agent-" + agentId)
                .hostname("host-" + agentId)
                .module(module)
                .mode(mode)
                .indices(List.of(index))
                .clusterName("wazuh");
    }

    static AgentMetadata metadata(StartSpec s) {
        return new AgentMetadata(
                s.agentname(),
                s.agentversion(),
                s.groups(),
                s.architecture(),
                s.hostname(),
                s.osname(),
                s.osplatform(),
                s.ostype(),
                s.osversion());
    }

    /** Agent {@code id}'s {@code n} package items, generated on access (a 1M-item session is never held whole). */
    static List<SimulatedAgent.Value> values(int id, int n, String index, int docBytes) {
        return new AbstractList<>() {
            @Override
            public SimulatedAgent.Value get(int i) {
                return new SimulatedAgent.Value(Operation.Upsert, itemId(id, i), index, 0, packageDoc(id, i, docBytes));
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    /** 40 hex digits, as an agent's SHA-1 item id. */
    static String itemId(int agent, int item) {
        long a = mix(((long) agent << 32) | item);
        long b = mix(a ^ 0x9e3779b97f4a7c15L);
        long c = mix(b + 17);
        return String.format(Locale.ROOT, "%016x%016x%08x", a, b, (int) c);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static final String[] WORDS = {
        "lib", "python3", "gnome", "perl", "x11", "fonts", "openssl", "core", "utils", "data", "common", "dev", "doc",
        "bin", "tools", "runtime", "server", "client", "plugins", "extra"
    };

    /** A syscollector package document of about {@code bytes} bytes of JSON. */
    static byte[] packageDoc(int agent, int item, int bytes) {
        long h = mix(((long) agent << 32) ^ item ^ 0x5bd1e995L);
        String name = WORDS[(int) (h & 15)] + "-" + WORDS[(int) ((h >>> 4) & 15) + 4] + "-"
                + Long.toString(h >>> 40, 36) + "-" + item;
        String version = ((h >>> 8) & 7) + "." + ((h >>> 11) & 31) + "." + ((h >>> 16) & 63) + "-" + ((h >>> 22) & 3)
                + "ubuntu0.22.04." + ((h >>> 24) & 7);
        String head = "{\"package\":{\"architecture\":\"amd64\",\"category\":\"libs\",\"description\":\"";
        String tail = "\",\"installed\":\"2025-03-" + String.format(Locale.ROOT, "%02d", 1 + (h >>> 30) % 28)
                + "T10:21:33.000Z\",\"multiarch\":\"same\",\"name\":\"" + name
                + "\",\"path\":\" \",\"priority\":\"optional\","
                + "\"size\":" + ((h >>> 33) & 0xfffff) + ",\"source\":\"" + name + "-src\",\"type\":\"deb\","
                + "\"vendor\":\"Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>\",\"version\":\"" + version
                + "\"},"
                + "\"checksum\":{\"hash\":{\"sha1\":\"" + itemId(agent, item)
                + "\"}},\"state\":{\"modified_at\":\"2025-03-01T10:21:33.000Z\"}}";
        int room = Math.max(16, bytes - head.length() - tail.length());
        StringBuilder description = new StringBuilder(room);
        int w = (int) (h >>> 50);
        while (description.length() < room) {
            description.append(WORDS[w++ % WORDS.length]).append(' ');
        }
        description.setLength(room);
        return (head + description.toString().trim() + tail).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The Wazuh Indexer's settings for {@code wazuh-states-inventory-packages*} (wazuh/wazuh-indexer-plugins,
     * {@code plugins/setup/src/main/resources/index-template-packages.json}): 1 shard, 0 replicas and a 5 s refresh
     * interval. The interval matters here: a shard that is searched (every clean is a delete-by-query) refreshes at it,
     * one that is not stops refreshing after 30 s.
     */
    static final String WAZUH_STATES_SETTINGS =
            "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,\"refresh_interval\":\"5s\"}}";

    private void createIndex(String index) throws IOException {
        Response r = admin.send(
                indexerUrl,
                "PUT",
                "/" + index,
                Body.from(WAZUH_STATES_SETTINGS.getBytes(StandardCharsets.UTF_8), "application/json"));
        if (!r.isSuccess()) {
            throw new IOException("cannot create " + index + ": HTTP " + r.status() + " " + r.excerpt(300));
        }
    }

    private long count(String index) throws IOException {
        admin.send(indexerUrl, "POST", "/" + index + "/_refresh", null);
        return countNoRefresh(index);
    }

    private long countNoRefresh(String index) {
        try {
            Response r = admin.send(indexerUrl, "GET", "/" + index + "/_count", null);
            JsonNode n = JSON.readTree(r.body());
            return n.path("count").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static Panel memoryPanel(List<ServiceProcess.Sample> memory, double tBase) {
        double[] t = memory.stream().mapToDouble(s -> s.t() - tBase).toArray();
        return new Panel(
                "service memory (MiB)",
                List.of(
                        new Line(
                                "RSS",
                                t,
                                memory.stream()
                                        .mapToDouble(s -> s.rss() / 1048576.0)
                                        .toArray(),
                                false),
                        new Line(
                                "heap used",
                                t,
                                memory.stream()
                                        .mapToDouble(s -> s.heapUsed() / 1048576.0)
                                        .toArray(),
                                false),
                        new Line(
                                "heap committed",
                                t,
                                memory.stream()
                                        .mapToDouble(s -> s.heapCommitted() / 1048576.0)
                                        .toArray(),
                                false)));
    }

    private void writeMemory(String scenario, List<ServiceProcess.Sample> memory, double tBase) throws IOException {
        StringBuilder csv = new StringBuilder("t_s,rss_mb,heap_used_mb,heap_committed_mb\n");
        for (ServiceProcess.Sample s : memory) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%.3f,%.1f,%.1f,%.1f%n",
                    s.t() - tBase,
                    s.rss() / 1048576.0,
                    s.heapUsed() / 1048576.0,
                    s.heapCommitted() / 1048576.0));
        }
        Files.writeString(out.resolve(scenario + "-memory.csv"), csv);
    }

    private void add(String scenario, String metric, Object value, String unit) {
        String v = value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(value);
        rows.add(new String[] {scenario, metric, v, unit});
        ObjectNode s = json.with("scenarios").with(scenario);
        if (value instanceof Double d) {
            s.put(metric, Math.round(d * 1000) / 1000.0);
        } else if (value instanceof Number n) {
            s.put(metric, n.longValue());
        } else {
            s.put(metric, v);
        }
        System.out.printf(Locale.ROOT, "  %-12s %-32s %14s %s%n", scenario, metric, v, unit);
    }

    private void writeResults() throws IOException {
        StringBuilder csv = new StringBuilder("scenario,metric,value,unit\n");
        for (String[] r : rows) {
            csv.append(String.join(",", r)).append('\n');
        }
        Files.writeString(out.resolve("results.csv"), csv);
        Files.writeString(
                out.resolve("results.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static ByteBuffer utf8(String s) {
        return s == null ? null : ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Work of one of {@link #onThreads}' threads, given its number. */
    private interface ThreadWork {
        void run(int thread) throws Exception;
    }

    /**
     * Runs {@code work} on {@code n} threads named {@code name-<i>}, calls {@code started} (if any) once all are
     * running, waits for them and rethrows the first failure.
     */
    private static void onThreads(String name, int n, Runnable started, ThreadWork work) throws InterruptedException {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int thread = i;
            Thread t = new Thread(
                    () -> {
                        try {
                            work.run(thread);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    },
                    name + "-" + i);
            threads.add(t);
            t.start();
        }
        if (started != null) {
            started.run();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(name + " failed: " + failures.get(0), failures.get(0));
        }
    }
}
