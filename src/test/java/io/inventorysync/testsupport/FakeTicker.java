package io.inventorysync.testsupport;

import io.inventorysync.support.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * Virtual time for code that waits through a {@link Ticker}: {@link #sleep} returns at once, advancing the clock by
 * the time asked and recording it, so a test asserts the exact waits (backoff steps, deadlines, probe intervals)
 * instead of wall-clock bounds, and a minute of retries takes no time. Only time is fake: the network calls between
 * the sleeps are real, and virtual time stands still while they run.
 *
 * <p>{@link #at} runs an action (e.g. bring a host back) when virtual time reaches a point, on the thread whose sleep
 * or {@link #advance} got there, after the clock has moved. Thread-safe.
 */
public final class FakeTicker implements Ticker {
    // just below the wrap-around, as System.nanoTime() may be: code that compares anything but differences fails
    private static final long START = Long.MAX_VALUE - Duration.ofSeconds(1).toNanos();

    private long now = START; // guarded by this
    private final List<Duration> sleeps = new ArrayList<>(); // guarded by this
    private final TreeMap<Long, List<Runnable>> actions = new TreeMap<>(); // elapsed nanos -> actions; guarded by this

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Advances the clock by {@code nanos} and records the sleep; throws, like a real sleep, when interrupted. */
    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a virtual sleep of " + Duration.ofNanos(nanos));
        }
        synchronized (this) {
            sleeps.add(Duration.ofNanos(nanos));
        }
        move(Math.max(nanos, 0));
    }

    /** Time passing outside of a sleep (e.g. a call that takes a while); not recorded as a sleep. */
    public void advance(Duration d) {
        move(d.toNanos());
    }

    /** Runs {@code action} once virtual time has advanced {@code sinceStart} from this ticker's start. */
    public synchronized FakeTicker at(Duration sinceStart, Runnable action) {
        actions.computeIfAbsent(sinceStart.toNanos(), k -> new ArrayList<>()).add(action);
        return this;
    }

    /** Virtual time since this ticker was made. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(now - START);
    }

    /** Every sleep so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** The sum of {@link #sleeps()}. */
    public synchronized Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    private void move(long nanos) {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            now += nanos;
            Iterator<List<Runnable>> it =
                    actions.headMap(now - START, true).values().iterator();
            while (it.hasNext()) {
                due.addAll(it.next());
                it.remove();
            }
        }
        due.forEach(Runnable::run); // outside the monitor: an action may take real time or read the clock
    }
}
