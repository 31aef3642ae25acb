package io.inventorysync.support;

import java.util.concurrent.TimeUnit;

/**
 * The monotonic clock and the sleep of code that waits for time to pass (retry backoff, deadlines, staleness), so
 * that tests can run it on virtual time: a fake advances its clock in {@link #sleep} instead of blocking, and the
 * test asserts exact waits rather than wall-clock bounds. {@link #SYSTEM} in service.
 */
public interface Ticker {

    /** {@link System#nanoTime()} and {@link TimeUnit#sleep}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    /** Nanoseconds on a monotonic clock; only differences mean anything (like {@link System#nanoTime()}). */
    long nanoTime();

    /** Returns once {@code nanos} have passed on {@link #nanoTime()}'s clock (at once when not positive). */
    void sleep(long nanos) throws InterruptedException;
}
