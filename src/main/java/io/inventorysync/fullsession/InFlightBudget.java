package io.inventorysync.fullsession;

import java.util.concurrent.atomic.AtomicLong;

/** Body bytes held by all connections of one server, charged before a body is allocated and returned at its release. */
final class InFlightBudget {

    private final long limit;
    private final FrontDoorCounters counters;
    private final AtomicLong used = new AtomicLong();

    InFlightBudget(long limit, FrontDoorCounters counters) {
        this.limit = limit;
        this.counters = counters;
    }

    /** Takes {@code bytes}; false (nothing taken) when that would go over the limit. */
    boolean charge(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                counters.inFlight(bytes);
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
        counters.inFlight(-bytes);
    }

    long used() {
        return used.get();
    }
}
