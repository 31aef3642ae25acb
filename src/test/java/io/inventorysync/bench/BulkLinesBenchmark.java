package io.inventorysync.bench;

import Wazuh.SyncSchema.Mode;
import com.sun.management.ThreadMXBean;
import io.inventorysync.indexer.AgentDocuments;
import io.inventorysync.indexer.agent.AgentIds;
import io.inventorysync.indexer.client.BulkItem;
import io.inventorysync.protocol.StartSpec;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The CPU and allocations of building one {@code _bulk} item's lines from a package document of the benchmark's default size (~450 bytes) (the
 * benchmark's {@link ServiceBenchmark#packageDoc}), for {@code index} and the versioned {@code update}; no indexer.
 * Run once, niced: {@code nice -n 19 java -cp target/test-classes:target/classes:$(cat cp.txt)
 * io.inventorysync.bench.BulkLinesBenchmark}.
 */
public final class BulkLinesBenchmark {

    private static final int DOCS = 1024;
    private static final int WARMUP = 300_000;
    private static final int MEASURED = 1_000_000;

    private interface Build {
        BulkItem lines(AgentDocuments documents, String id, byte[] data);
    }

    public static void main(String[] args) {
        StartSpec spec =
                ServiceBenchmark.startSpec(1, "wazuh-states-inventory-packages", Mode.ModuleDelta, "syscollector");
        AgentDocuments documents = new AgentDocuments(
                AgentIds.pad(spec.agentid()), spec.clusterName(), ServiceBenchmark.metadata(spec), "script source");
        byte[][] data = new byte[DOCS][];
        String[] ids = new String[DOCS];
        for (int i = 0; i < DOCS; i++) {
            data[i] = ServiceBenchmark.packageDoc(1, i, 400);
            ids[i] = documents.documentId(ServiceBenchmark.itemId(1, i));
        }
        System.out.printf(Locale.ROOT, "document: %d bytes%n", data[0].length);
        String index = "wazuh-states-inventory-packages";
        measure("index", documents, ids, data, (d, id, doc) -> d.index(index, id, doc));
        measure("update", documents, ids, data, (d, id, doc) -> d.versionedUpsert(index, id, doc, 7));
    }

    private static void measure(String what, AgentDocuments documents, String[] ids, byte[][] data, Build build) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < WARMUP; i++) {
            sink += build.lines(documents, ids[i % DOCS], data[i % DOCS]).lines().length;
        }
        long bytes0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        long t0 = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            sink += build.lines(documents, ids[i % DOCS], data[i % DOCS]).lines().length;
        }
        long t1 = System.nanoTime();
        long bytes1 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        System.out.printf(
                Locale.ROOT,
                "%-6s %7.0f ns/doc %7.0f bytes/doc (%.0f line bytes/doc)%n",
                what,
                (t1 - t0) / (double) MEASURED,
                (bytes1 - bytes0) / (double) MEASURED,
                sink / (double) (WARMUP + MEASURED));
    }
}
