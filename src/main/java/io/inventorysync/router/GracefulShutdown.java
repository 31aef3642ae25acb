package io.inventorysync.router;

import io.inventorysync.session.SessionAdmission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.DefaultShutdownStrategy;
import org.apache.camel.spi.RouteStartupOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's graceful shutdown with one step before it: when the CamelContext stops (SIGTERM, Ctrl-C), the router
 * connections stop being read, then the complete sessions are let finish indexing and send their EndAck on the still
 * open connections, until none is left or the shutdown timeout ({@code inventory.shutdown.timeout}) has passed. Only
 * then do the routes stop — the netty route first, which closes the connections — and, after the routes, the RocksDB
 * store closes. Sessions still receiving are dropped: their agents resend them.
 */
public final class GracefulShutdown extends DefaultShutdownStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** Camel's own route shutdown keeps at least this much of the timeout: after a long drain nothing may hang. */
    private static final long MIN_ROUTE_SHUTDOWN_MILLIS = 2_000;

    private final RouterConnections connections;
    private final SessionAdmission sessions;

    public GracefulShutdown(RouterConnections connections, SessionAdmission sessions) {
        this.connections = connections;
        this.sessions = sessions;
    }

    @Override
    protected boolean doShutdown(
            CamelContext context,
            List<RouteStartupOrder> routes,
            long timeout,
            TimeUnit timeUnit,
            boolean suspendOnly,
            boolean abortAfterTimeout,
            boolean forceShutdown)
            throws Exception {
        if (suspendOnly || !context.isStopping()) {
            // a single route stopped or the context suspended: plain Camel behaviour
            return super.doShutdown(context, routes, timeout, timeUnit, suspendOnly, abortAfterTimeout, forceShutdown);
        }
        long total = timeUnit.toMillis(timeout);
        long drained = drain(context, total - MIN_ROUTE_SHUTDOWN_MILLIS);
        long left = Math.max(MIN_ROUTE_SHUTDOWN_MILLIS, total - drained);
        return super.doShutdown(context, routes, left, TimeUnit.MILLISECONDS, false, abortAfterTimeout, forceShutdown);
    }

    /** Stops reading frames, waits for the complete sessions; returns the milliseconds spent. */
    private long drain(CamelContext context, long budgetMillis) throws InterruptedException {
        long start = System.nanoTime();
        connections.stopReading();
        int waiting = inFlight(context);
        LOG.info(
                "Shutting down: router connections no longer read; {} complete session(s) to answer, waiting up to {} ms",
                sessions.completeSessions(),
                Math.max(0, budgetMillis));
        while (waiting > 0 && elapsedMillis(start) < budgetMillis) {
            Thread.sleep(50); // production-side polling of two counters; nothing to be notified by
            waiting = inFlight(context);
        }
        if (waiting > 0) {
            LOG.warn(
                    "Shutdown timeout: {} complete session(s) not answered; their agents will sync again",
                    sessions.completeSessions());
        } else {
            LOG.info("Shutting down: every complete session answered in {} ms", elapsedMillis(start));
        }
        return elapsedMillis(start);
    }

    /** Complete sessions not answered yet, plus exchanges still being routed (a frame read just before the stop). */
    private int inFlight(CamelContext context) {
        return sessions.completeSessions() + context.getInflightRepository().size();
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
