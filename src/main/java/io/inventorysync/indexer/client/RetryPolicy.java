package io.inventorysync.indexer.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long and how often {@link IndexerConnector} insists (behaviour.md §8).
 *
 * @param attempts               most sends of one request answered 429 or 5xx (the first included) before giving up
 * @param deadline               longest one call may take in all: waiting for a usable host, transport failovers and
 *                               429/5xx backoff together
 * @param initialBackoff         wait after the first 429/5xx; doubled after each further one
 * @param maxBackoff             the doubling stops here
 * @param unavailableProbeInterval while no host is usable, hosts are re-probed at most this often (shared by all
 *                               waiting threads, so a down cluster is not hammered)
 */
public record RetryPolicy(
        int attempts,
        Duration deadline,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration unavailableProbeInterval) {

    /** The spec's defaults: 8 attempts, 60 s deadline, 1 s doubling to 15 s, re-probe every 1 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(
            8, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(1));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts must be at least 1: " + attempts);
        }
        for (Duration d : new Duration[] {deadline, initialBackoff, maxBackoff, unavailableProbeInterval}) {
            if (Objects.requireNonNull(d, "duration").isNegative() || d.isZero()) {
                throw new IllegalArgumentException("retry durations must be positive: " + d);
            }
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "max backoff " + maxBackoff + " is below initial backoff " + initialBackoff);
        }
    }

    /**
     * The wait after the {@code n}-th retryable answer (1-based): {@code initial * 2^(n-1)} capped at the maximum,
     * then jittered into its upper half so that threads and services retrying together spread out.
     */
    public Duration backoff(int n) {
        long base = initialBackoff.toMillis();
        for (int i = 1; i < n && base < maxBackoff.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toMillis());
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }
}
