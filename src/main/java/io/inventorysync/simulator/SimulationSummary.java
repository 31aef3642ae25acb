package io.inventorysync.simulator;

import java.time.Duration;
import java.util.List;

/**
 * Where a simulation stands: sessions answered EndAck{Ok} (generation 2: 200) and not, the documents those successful
 * sessions carried (every DataValue, upserts and deletes), time spent, and the latencies Start → StartAck and End →
 * final EndAck. In generation 2 the same two lists hold the answer times of the Cleans requests (full mode) and of the
 * SyncData requests, and {@code retries} counts posts made again after a 503 with Retry-After.
 */
public record SimulationSummary(
        int sessions,
        int ok,
        int errors,
        long documents,
        Duration duration,
        List<Long> startAckNanos,
        List<Long> endAckNanos,
        int generation,
        int retries) {

    /** A first-generation summary. */
    public SimulationSummary(
            int sessions,
            int ok,
            int errors,
            long documents,
            Duration duration,
            List<Long> startAckNanos,
            List<Long> endAckNanos) {
        this(sessions, ok, errors, documents, duration, startAckNanos, endAckNanos, 1, 0);
    }

    public int done() {
        return ok + errors;
    }

    public double documentsPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : documents / seconds;
    }

    /** One progress line: {@code sessions 12/50 | 4200 docs/s | errors 0}. */
    public String progressLine() {
        return String.format(
                "sessions %d/%d | %d documents | %.0f docs/s | errors %d",
                done(), sessions, documents, documentsPerSecond(), errors);
    }

    /** The closing report, a few lines. */
    public String report() {
        if (generation == 2) {
            return String.format(
                    """
                    sessions    %d ok, %d error (of %d)
                    documents   %d
                    duration    %.1f s
                    throughput  %.0f docs/s
                    Cleans      p50 %s  p99 %s
                    SyncData    p50 %s  p99 %s
                    retries     %d (503 with Retry-After)""",
                    ok,
                    errors,
                    sessions,
                    documents,
                    duration.toMillis() / 1000.0,
                    documentsPerSecond(),
                    millis(startAckNanos, 50),
                    millis(startAckNanos, 99),
                    millis(endAckNanos, 50),
                    millis(endAckNanos, 99),
                    retries);
        }
        return String.format(
                """
                sessions    %d ok, %d error (of %d)
                documents   %d
                duration    %.1f s
                throughput  %.0f docs/s
                StartAck    p50 %s  p99 %s
                End→EndAck  p50 %s  p99 %s""",
                ok,
                errors,
                sessions,
                documents,
                duration.toMillis() / 1000.0,
                documentsPerSecond(),
                millis(startAckNanos, 50),
                millis(startAckNanos, 99),
                millis(endAckNanos, 50),
                millis(endAckNanos, 99));
    }

    /** The p-th percentile (nearest rank) in milliseconds, or "-" without samples. */
    static String millis(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return "-";
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return String.format("%.1f ms", sorted[Math.max(0, rank - 1)] / 1e6);
    }
}
