package io.inventorysync.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Top hot spots of a JFR recording (e.g. {@code target/bench/<run>/e2e.jfr}): CPU samples by top frame, by the
 * innermost frame of a package prefix ({@code io.inventorysync} unless given) and by thread; allocation samples by top
 * frame. Optionally only the events between two instants (the bench prints each measured run's), e.g. to cut the
 * indexer's recording ({@code BENCH_INDEXER_JAVA_OPTS}) to the service run and to the direct run.
 * {@code java -cp ... io.inventorysync.bench.JfrHotspots file.jfr [top] [from=<instant> to=<instant>] [prefix=org.opensearch]}
 */
public final class JfrHotspots {

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 && !args[1].contains("=") ? Integer.parseInt(args[1]) : 15;
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        String prefix = "io.inventorysync";
        for (String a : args) {
            if (a.startsWith("from=")) {
                from = Instant.parse(a.substring(5));
            } else if (a.startsWith("to=")) {
                to = Instant.parse(a.substring(3));
            } else if (a.startsWith("prefix=")) {
                prefix = a.substring(7);
            }
        }
        Map<String, Long> cpuTop = new HashMap<>();
        Map<String, Long> cpuOurs = new HashMap<>();
        Map<String, Long> cpuThread = new HashMap<>();
        Map<String, Long> allocTop = new HashMap<>();
        Map<String, Long> allocOurs = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            RecordedStackTrace st = e.getStackTrace();
            if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue;
            }
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                cpuTop.merge(frame(st.getFrames().get(0)), 1L, Long::sum);
                cpuOurs.merge(ours(st.getFrames(), prefix), 1L, Long::sum);
                String thread = e.getThread("sampledThread") == null
                        ? "?"
                        : e.getThread("sampledThread").getJavaName();
                cpuThread.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "#"), 1L, Long::sum);
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long w = e.getLong("weight");
                allocated += w;
                allocTop.merge(frame(st.getFrames().get(0)), w, Long::sum);
                allocOurs.merge(ours(st.getFrames(), prefix), w, Long::sum);
            }
        }
        print("CPU samples by top frame", cpuTop, samples, top, "");
        print("CPU samples by innermost " + prefix + " frame", cpuOurs, samples, top, "");
        print("CPU samples by thread", cpuThread, samples, top, "");
        print("allocation (sampled weight) by top frame", allocTop, allocated, top, "MB");
        print("allocation (sampled weight) by innermost " + prefix + " frame", allocOurs, allocated, top, "MB");
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String ours(List<RecordedFrame> frames, String prefix) {
        for (RecordedFrame f : frames) {
            if (f.getMethod().getType().getName().startsWith(prefix)) {
                return frame(f);
            }
        }
        return "(no " + prefix + " frame)";
    }

    private static void print(String title, Map<String, Long> counts, long total, int top, String unit) {
        System.out.printf(
                Locale.ROOT,
                "%n%s (total %,d%s)%n",
                title,
                unit.equals("MB") ? total >> 20 : total,
                unit.isEmpty() ? " samples" : " MB");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> System.out.printf(
                        Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, total), en.getKey()));
    }
}
