package io.inventorysync.session;

import io.inventorysync.testsupport.RunningService;
import io.inventorysync.testsupport.TestIndexer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.support.DefaultExchange;

/** Holds complete sessions in the indexing queue, for a service with one indexing thread. */
final class IndexingPause {

    private IndexingPause() {}

    /** A service on the test indexer with one indexing thread (what {@link #suspend} holds), plus {@code overrides}. */
    static RunningService serviceWithOneIndexingThread(TestIndexer indexer, Path dir, Map<String, String> overrides)
            throws Exception {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put("inventory.indexer.threads", "1");
        return RunningService.start(indexer.writeOssecConf(dir), dir.resolve("store"), settings);
    }

    /**
     * Suspends the indexer's consumer. One poll of it may be under way (it takes what arrives within its poll timeout,
     * 1 s): a placeholder of no session is offered for it, and removed if it was not taken. Then nothing is dequeued.
     */
    static void suspend(CamelContext context) throws Exception {
        context.getRouteController().suspendRoute("session-indexing");
        BlockingQueue<Exchange> queue = queue(context);
        NotifyBuilder taken = new NotifyBuilder(context)
                .fromRoute("session-indexing")
                .whenDone(1)
                .create();
        Exchange placeholder = new DefaultExchange(context);
        placeholder.getMessage().setBody(SessionAggregation.body(1));
        queue.add(placeholder);
        if (!taken.matches(2, TimeUnit.SECONDS)) {
            queue.remove(placeholder);
        }
    }

    static void resume(CamelContext context) throws Exception {
        context.getRouteController().resumeRoute("session-indexing");
    }

    static BlockingQueue<Exchange> queue(CamelContext context) {
        return context.getEndpoint("seda:session-indexing", SedaEndpoint.class).getQueue();
    }
}
