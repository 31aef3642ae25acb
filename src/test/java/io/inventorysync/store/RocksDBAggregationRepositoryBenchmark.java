package io.inventorysync.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.LoggerFactory;

/**
 * Prints how fast items are added to sessions, against raw RocksDB puts of the same bytes. Not a test (surefire
 * excludes {@code *Benchmark*}); run it with {@code scripts/bench-store.sh [valueBytes] [walOff]}, which
 * compiles and starts it with {@code -Xmx128m}.
 *
 * <p>Per item, three paths are timed, each on a fresh database:
 * <ul>
 * <li><b>raw</b> — {@code db.put(key, value)} with the same 41-byte key and the same value bytes;</li>
 * <li><b>store</b> — {@link RocksDBPayload#putItem(RocksDBKeyspace, long, long, byte[])}, or one
 * {@link RocksDBPayload#itemBatch item batch} per message;</li>
 * <li><b>store+summary</b> — what the aggregator does per message: {@code putItem}, then
 * {@code repository.get} of the session summary and {@code repository.add} of it rewritten (its body is what the
 * service's aggregation strategy keeps, the session id: the same 9 bytes whatever the session size).</li>
 * </ul>
 * Workloads: one session of 1k, 100k and 1M items; 1,000 sessions × 1,000 items interleaved
 * (seq-major). The heap is sampled every 5 ms; its peak and the used heap after a GC are printed.
 */
public final class RocksDBAggregationRepositoryBenchmark {

    private static final AtomicLong PEAK_HEAP = new AtomicLong();
    /** Items per DataBatch message: ~60 KiB batches of 256-600 byte documents hold 100-200. */
    private static final int BATCH = 100;
    /** The aggregated body of the service's strategy: a version byte and the session id. */
    private static final int SUMMARY_BYTES = 9;
    /** Largest encoded session summary (group body) written, to show it does not grow with the session. */
    private static final AtomicLong MAX_SUMMARY_BYTES = new AtomicLong();

    private final Path root;
    private final int valueBytes;
    private final boolean walOff;
    private final CamelContext camel;
    private int run;

    private RocksDBAggregationRepositoryBenchmark(Path root, int valueBytes, boolean walOff) throws Exception {
        this.root = root;
        this.valueBytes = valueBytes;
        this.walOff = walOff;
        this.camel = new DefaultCamelContext();
        camel.start();
    }

    public static void main(String[] args) throws Exception {
        // the store logs every open and close at INFO: keep the table readable
        ((Logger) LoggerFactory.getLogger("io.inventorysync")).setLevel(Level.WARN);
        int valueBytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        boolean walOff = args.length > 1 && Boolean.parseBoolean(args[1]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Thread sampler = new Thread(
                () -> {
                    while (true) {
                        PEAK_HEAP.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        Path root = Files.createTempDirectory("rocksdb-bench");
        RocksDBAggregationRepositoryBenchmark bench =
                new RocksDBAggregationRepositoryBenchmark(root, valueBytes, walOff);
        try {
            bench.runAll(memory);
        } finally {
            bench.camel.close();
            deleteTree(root);
        }
    }

    private void runAll(MemoryMXBean memory) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "RocksDB aggregation benchmark: value %d bytes, key %d bytes, WAL %s, fsync %s,"
                        + " max heap %d MB, %d cores, Java %s%n",
                valueBytes,
                RocksDBPayloadKeys.KEY_LENGTH,
                walOff ? "off (payload and raw)" : "on",
                walOff ? "never (no WAL)" : "ON_COMPLETION (no fsync per item)",
                memory.getHeapMemoryUsage().getMax() >> 20,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        // warm-up: JIT and RocksDB code paths, not reported
        oneSession(Mode.RAW, 100_000);
        oneSession(Mode.STORE, 100_000);
        oneSession(Mode.SUMMARY, 100_000);

        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-34s %12s %12s %12s %9s %9s%n",
                "workload",
                "raw items/s",
                "store it/s",
                "store+summ/s",
                "store/raw",
                "summ/raw");
        for (int n : new int[] {1_000, 100_000, 1_000_000}) {
            int repeat = n == 1_000 ? 50 : 1; // 1k items take ~1 ms: repeat on fresh sessions for a stable figure
            double raw = oneSession(Mode.RAW, n, repeat);
            double store = oneSession(Mode.STORE, n, repeat);
            double summary = oneSession(Mode.SUMMARY, n, repeat);
            row(String.format(Locale.ROOT, "1 session x %,d items", n), raw, store, summary);
        }
        double raw = interleaved(Mode.RAW, 1_000, 1_000);
        double store = interleaved(Mode.STORE, 1_000, 1_000);
        double summary = interleaved(Mode.SUMMARY, 1_000, 1_000);
        row("1,000 sessions x 1,000 interleaved", raw, store, summary);

        // what agents really send: DataBatch messages of ~BATCH items, one write batch and one summary update each;
        // the baseline writes the same batches raw
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "messages of %d items (DataBatch), raw baseline = RocksDB write batches of the same" + " items:%n",
                BATCH);
        for (int n : new int[] {100_000, 1_000_000}) {
            double rawBatches = batched(Mode.RAW, 1, n);
            double storeBatches = batched(Mode.STORE, 1, n);
            double summaryBatches = batched(Mode.SUMMARY, 1, n);
            row(
                    String.format(Locale.ROOT, "1 session x %,d items, batched", n),
                    rawBatches,
                    storeBatches,
                    summaryBatches);
        }
        double rawBatches = batched(Mode.RAW, 1_000, 1_000);
        double storeBatches = batched(Mode.STORE, 1_000, 1_000);
        double summaryBatches = batched(Mode.SUMMARY, 1_000, 1_000);
        row("1,000 sessions x 1,000, batched", rawBatches, storeBatches, summaryBatches);

        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "largest session summary written: %d bytes (version and session id)%n",
                MAX_SUMMARY_BYTES.get());
        System.gc();
        System.out.printf(
                Locale.ROOT,
                "heap: max %d MB, peak used (sampled every 5 ms) %d MB, used after GC %d MB%n",
                memory.getHeapMemoryUsage().getMax() >> 20,
                PEAK_HEAP.get() >> 20,
                memory.getHeapMemoryUsage().getUsed() >> 20);
    }

    private static void row(String name, double raw, double store, double summary) {
        System.out.printf(
                Locale.ROOT,
                "%-34s %,12.0f %,12.0f %,12.0f %9.2f %9.2f   (us/item: %.2f / %.2f / %.2f)%n",
                name,
                raw,
                store,
                summary,
                store / raw,
                summary / raw,
                1e6 / raw,
                1e6 / store,
                1e6 / summary);
    }

    private enum Mode {
        RAW,
        STORE,
        SUMMARY
    }

    private Path runDir() {
        return root.resolve("run" + (run++));
    }

    private byte[] value(long session, long seq) {
        byte[] v = new byte[valueBytes];
        ByteBuffer b = ByteBuffer.wrap(v);
        b.putLong(session).putLong(seq);
        return v;
    }

    private double oneSession(Mode mode, int n) throws Exception {
        return oneSession(mode, n, 1);
    }

    /** Items per second adding {@code n} items to one session, {@code repeat} times (a new session each time). */
    private double oneSession(Mode mode, int n, int repeat) throws Exception {
        try (Target t = open(mode)) {
            long start = System.nanoTime();
            for (int r = 0; r < repeat; r++) {
                long session = 0x5DEECE66DL * (r + 1);
                for (long seq = 0; seq < n; seq++) {
                    t.add(session, seq, value(session, seq));
                }
            }
            long elapsed = System.nanoTime() - start;
            return (double) n * repeat / elapsed * 1e9;
        }
    }

    /** Items per second adding {@code items} items to each of {@code sessions} sessions, seq-major interleaved. */
    private double interleaved(Mode mode, int sessions, int items) throws Exception {
        return interleaved(mode, sessions, items, 1);
    }

    /** Items per second adding {@code items} items to each of {@code sessions} sessions in messages of {@link #BATCH}. */
    private double batched(Mode mode, int sessions, int items) throws Exception {
        return interleaved(mode, sessions, items, BATCH);
    }

    /** Sessions take turns, one message each: one item ({@code batch} 1) or a batch of consecutive items. */
    private double interleaved(Mode mode, int sessions, int items, int batch) throws Exception {
        long[] ids = new long[sessions];
        Random random = new Random(1);
        for (int s = 0; s < sessions; s++) {
            ids[s] = random.nextLong();
        }
        try (Target t = open(mode)) {
            long start = System.nanoTime();
            for (long first = 0; first < items; first += batch) {
                int count = (int) Math.min(batch, items - first);
                for (long session : ids) {
                    if (batch == 1) {
                        t.add(session, first, value(session, first));
                        continue;
                    }
                    byte[][] values = new byte[count][];
                    for (int i = 0; i < count; i++) {
                        values[i] = value(session, first + i);
                    }
                    t.addBatch(session, first, values);
                }
            }
            long elapsed = System.nanoTime() - start;
            return (double) sessions * items / elapsed * 1e9;
        }
    }

    private Target open(Mode mode) throws Exception {
        Path dir = runDir();
        return switch (mode) {
            case RAW -> new RawTarget(dir, walOff);
            case STORE -> new StoreTarget(dir, walOff, false, camel);
            case SUMMARY -> new StoreTarget(dir, walOff, true, camel);
        };
    }

    private interface Target extends AutoCloseable {
        void add(long session, long seq, byte[] value) throws Exception;

        /** One message of {@code values.length} items with consecutive seq from {@code first}. */
        void addBatch(long session, long first, byte[][] values) throws Exception;
    }

    private static final class RawTarget implements Target {
        private final Path dir;
        private final Options options;
        private final WriteOptions writeOptions;
        private final RocksDB db;

        RawTarget(Path dir, boolean walOff) throws Exception {
            RocksDB.loadLibrary();
            this.dir = dir;
            options = new Options().setCreateIfMissing(true);
            writeOptions = new WriteOptions().setDisableWAL(walOff);
            db = RocksDB.open(options, dir.toString());
        }

        @Override
        public void add(long session, long seq, byte[] value) throws Exception {
            db.put(writeOptions, RocksDBPayloadKeys.itemKey(session, seq), value);
        }

        @Override
        public void addBatch(long session, long first, byte[][] values) throws Exception {
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < values.length; i++) {
                    batch.put(RocksDBPayloadKeys.itemKey(session, first + i), values[i]);
                }
                db.write(writeOptions, batch);
            }
        }

        @Override
        public void close() throws IOException {
            db.close();
            writeOptions.close();
            options.close();
            deleteTree(dir);
        }
    }

    private static final class StoreTarget implements Target {
        private final Path dir;
        private final CamelContext camel;
        private final RocksDBStore store;
        private final RocksDBPayload payload;
        private final RocksDBAggregationRepository repo;
        private final boolean summary;

        StoreTarget(Path dir, boolean walOff, boolean summary, CamelContext camel) {
            this.dir = dir;
            this.camel = camel;
            this.summary = summary;
            store = new RocksDBStore(dir);
            store.setWal(!walOff);
            payload = new RocksDBPayload(store);
            repo = new RocksDBAggregationRepository("bench", store);
            if (walOff) {
                repo.setSync(RocksDBSyncMode.NEVER);
            }
            repo.start();
        }

        @Override
        public void add(long session, long seq, byte[] value) {
            payload.putItem(RocksDBKeyspace.PAYLOAD, session, seq, value);
            if (summary) {
                updateSummary(session);
            }
        }

        @Override
        public void addBatch(long session, long first, byte[][] values) {
            try (RocksDBPayload.ItemBatch batch = payload.itemBatch(RocksDBKeyspace.PAYLOAD)) {
                for (int i = 0; i < values.length; i++) {
                    batch.value(values[i].length).put(values[i]);
                    batch.put(session, first + i);
                }
                batch.write();
            }
            if (summary) {
                updateSummary(session);
            }
        }

        /** What the aggregator does for each message: get, aggregate (update the summary), add. */
        private void updateSummary(long session) {
            String key = Long.toUnsignedString(session);
            Exchange group = repo.get(camel, key);
            if (group == null) {
                group = new DefaultExchange(camel);
            }
            // the received seqs live in the heap beside the session (one bit per item), never in the summary
            byte[] body = ByteBuffer.allocate(SUMMARY_BYTES)
                    .put((byte) 2)
                    .putLong(session)
                    .array();
            if (body.length > MAX_SUMMARY_BYTES.get()) {
                MAX_SUMMARY_BYTES.set(body.length);
            }
            group.getIn().setBody(body);
            repo.add(camel, key, group);
        }

        @Override
        public void close() throws IOException {
            repo.stop();
            store.stop();
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
