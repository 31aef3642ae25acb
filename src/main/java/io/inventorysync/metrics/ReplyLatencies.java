package io.inventorysync.metrics;

/**
 * How long agents wait for the answers that matter to them, recorded when the routes' replies step hands the answer
 * to the transport: {@code StartAck} since the read that carried the Start, the final {@code EndAck} since the read
 * that carried the session's latest End. {@link PrometheusMetrics} exports them as histograms, {@link #NONE} drops
 * them (the registry is off).
 */
public interface ReplyLatencies {

    void startAck(long nanos);

    void endAck(long nanos);

    /** Records nothing; the replies step then does not read the clock either. */
    ReplyLatencies NONE = new ReplyLatencies() {
        @Override
        public void startAck(long nanos) {}

        @Override
        public void endAck(long nanos) {}
    };
}
