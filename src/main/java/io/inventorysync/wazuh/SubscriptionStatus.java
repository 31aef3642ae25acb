package io.inventorysync.wazuh;

/**
 * Where the subscription to the router broker stands, read by the health check and the Sessions MBean. Written only
 * by the subscription's I/O thread.
 */
public final class SubscriptionStatus {

    /** The steps of spec §3, then waiting before the next try. */
    public enum State {
        STOPPED,
        REGISTERING,
        SUBSCRIBING,
        SUBSCRIBED,
        WAITING
    }

    private volatile State state = State.STOPPED;
    private volatile String lastError = "";
    private volatile String where = "";

    public State state() {
        return state;
    }

    public boolean subscribed() {
        return state == State.SUBSCRIBED;
    }

    /** The last reason the subscription was lost or refused, empty before any. */
    public String lastError() {
        return lastError;
    }

    /** The topic socket and subscriber id, for the health check's details. */
    public String where() {
        return where;
    }

    void where(String where) {
        this.where = where;
    }

    void state(State state) {
        this.state = state;
    }

    void failed(String reason) {
        this.lastError = reason;
        this.state = State.WAITING;
    }
}
