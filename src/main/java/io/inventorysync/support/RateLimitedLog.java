package io.inventorysync.support;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval and kind, then says how many were suppressed: bad input from one
 * misbehaving peer must not flood the log.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs {@code message} (SLF4J placeholders) unless one of the same kind was logged within the interval. */
    public void warn(String kind, String message, Object... args) {
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.nanoTime();
        long last = w.lastLogged.get();
        if (last != 0 && now - last < intervalNanos || !w.lastLogged.compareAndSet(last, now)) {
            w.suppressed.incrementAndGet();
            return;
        }
        long suppressed = w.suppressed.getAndSet(0);
        if (suppressed > 0) {
            log.warn(message + " ({} similar warnings suppressed)", append(args, suppressed));
        } else {
            log.warn(message, args);
        }
    }

    private static Object[] append(Object[] args, long value) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = value;
        return all;
    }

    private static final class Window {
        final AtomicLong lastLogged = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
