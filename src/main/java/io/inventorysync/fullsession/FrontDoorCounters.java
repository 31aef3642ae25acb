package io.inventorysync.fullsession;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the FullSession front door did, for JMX and Prometheus: refusals by {@link Refusal}, requests handed to the
 * route and their fate, open connections and body bytes in flight. One instance per component; every endpoint of that
 * component adds to it.
 */
public final class FrontDoorCounters {

    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder lateAnswers = new LongAdder();
    private final LongAdder routeFailures = new LongAdder();
    private final LongAdder openConnections = new LongAdder();
    private final LongAdder inFlightBytes = new LongAdder();

    public FrontDoorCounters() {
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
    }

    /** Requests refused (or dropped) for this reason. */
    public long refused(Refusal reason) {
        return refusals.get(reason).sum();
    }

    /** Every reason with its count, zeros included (one labelled series per reason). */
    public Map<Refusal, Long> refusals() {
        Map<Refusal, Long> copy = new EnumMap<>(Refusal.class);
        refusals.forEach((r, n) -> copy.put(r, n.sum()));
        return Collections.unmodifiableMap(copy);
    }

    /** Complete requests that passed every check of the HTTP layer and were handed to the route. */
    public long accepted() {
        return accepted.sum();
    }

    /** Answers of the route that were written (those of the HTTP layer are counted as refusals). */
    public long answered() {
        return answered.sum();
    }

    /** Accepted requests whose peer closed before any answer. */
    public long abandoned() {
        return abandoned.sum();
    }

    /** Answers given after the request was answered or its connection closed: dropped. */
    public long lateAnswers() {
        return lateAnswers.sum();
    }

    /** Exchanges that failed before answering: answered 500 {@code Internal error}. */
    public long routeFailures() {
        return routeFailures.sum();
    }

    /** Connections open now. */
    public long openConnections() {
        return openConnections.sum();
    }

    /** Body bytes held now (charged to the in-flight budget, from allocation to release). */
    public long inFlightBytes() {
        return inFlightBytes.sum();
    }

    void refuse(Refusal reason) {
        refusals.get(reason).increment();
    }

    void countAccepted() {
        accepted.increment();
    }

    void countAnswered() {
        answered.increment();
    }

    void countAbandoned() {
        abandoned.increment();
    }

    void countLateAnswer() {
        lateAnswers.increment();
    }

    void countRouteFailure() {
        routeFailures.increment();
    }

    void connections(int delta) {
        openConnections.add(delta);
    }

    void inFlight(long delta) {
        inFlightBytes.add(delta);
    }
}
