package io.inventorysync.fullsession;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Runs a {@link FullSessionServer} while its route runs. Each accepted request becomes one exchange, routed on a small
 * worker pool: the I/O thread only receives, the route verifies. The body's memory is held until that exchange
 * completes — through the on-completion Camel hands over to {@code seda:} copies — and a failed exchange is answered
 * 500 unless the route answered already.
 */
final class FullSessionConsumer extends DefaultConsumer {

    private final FrontDoorSettings settings;
    private final FrontDoorCounters counters;
    private final int workerThreads;
    private ExecutorService workers;
    private FullSessionServer server;

    FullSessionConsumer(
            FullSessionEndpoint endpoint,
            Processor processor,
            FrontDoorSettings settings,
            FrontDoorCounters counters,
            int workerThreads) {
        super(endpoint, processor);
        this.settings = settings;
        this.counters = counters;
        this.workerThreads = workerThreads;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        workers = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newFixedThreadPool(this, "FullSession-" + settings.name(), workerThreads);
        FullSessionServer starting = new FullSessionServer(settings, counters, this::submit);
        try {
            starting.start();
        } catch (Exception e) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(workers);
            workers = null;
            throw e;
        }
        server = starting;
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop(settings.shutdownGraceMillis());
            server = null;
        }
        if (workers != null) {
            // requests still queued were answered 503 by the server's stop: they only let go of their bodies
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers, 5000);
            workers = null;
        }
        super.doStop();
    }

    /** On the I/O thread: queues the request for a worker; one the pool cannot take is answered 503 at once. */
    private void submit(FullSessionRequest request) {
        try {
            workers.execute(() -> route(request));
        } catch (RejectedExecutionException e) {
            request.answerInstead(
                    isStoppingOrStopped() ? Refusal.SHUTTING_DOWN : Refusal.WORKERS_BUSY, settings.retryAfterSeconds());
            request.routeDone();
        }
    }

    private void route(FullSessionRequest request) {
        if (!request.isOpen()) {
            // its peer left, or the stop answered it, while it waited for a worker
            request.routeDone();
            return;
        }
        Exchange exchange = createExchange(false);
        Completion completion = new Completion(request);
        exchange.getExchangeExtension().addOnCompletion(completion);
        exchange.getMessage().setBody(request);
        exchange.getMessage()
                .setHeader(FullSessionEndpoint.KIND_HEADER, request.kind().name());
        if (request.agentId() != null) {
            exchange.getMessage().setHeader(FullSessionEndpoint.AGENT_ID_HEADER, request.agentId());
        }
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            // thrown past the route's error handler, so no unit of work ran the completion
            exchange.setException(e);
            completion.onFailure(exchange);
            getExceptionHandler().handleException("Failed to route a FullSession request", exchange, e);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** Runs when the exchange (or the copy it was handed over to) completed. */
    private static final class Completion extends SynchronizationAdapter {

        private final FullSessionRequest request;

        Completion(FullSessionRequest request) {
            this.request = request;
        }

        @Override
        public void onComplete(Exchange exchange) {
            request.routeDone();
        }

        @Override
        public void onFailure(Exchange exchange) {
            request.failed();
            request.routeDone();
        }
    }
}
