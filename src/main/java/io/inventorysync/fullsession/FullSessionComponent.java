package io.inventorysync.fullsession;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * Camel component {@code fullsession:<name>}: the second front door (fullsession-protocol.md §2, §3), where Wazuh 5.0's
 * remoted posts each agent session as one FlatBuffer {@code Message{FullSession}} over HTTP/1.1 on a Unix socket. A
 * consumer only: every complete request that passes the HTTP layer's checks becomes one exchange whose body is a
 * {@link FullSessionRequest}, which the route (or one it queues the request to) answers with an {@link HttpAnswer}.
 *
 * <p>Why not camel-netty-http: it is not published for Camel 4.22 (and camel-platform-http-main neither), so this is
 * Netty's own HTTP codec on the same epoll transport as the {@code wazuh-router} component, with the limits the spec
 * needs that a generic HTTP consumer does not have: a Content-Length refused before any byte of the body is read, the
 * body received off the heap into one buffer of exactly its length, and a byte budget shared by all connections.
 *
 * <p>Endpoint options (see {@link FullSessionEndpoint}): {@code socketPath}, {@code host}, {@code port},
 * {@code maxBodyBytes}, {@code maxHeaderBytes}, {@code inFlightBytes}, {@code headerTimeout}, {@code bodyTimeout},
 * {@code answerTimeout}, {@code retryAfter}, {@code workerThreads}, {@code shutdownGrace}.
 */
public final class FullSessionComponent extends DefaultComponent {

    private final FrontDoorCounters counters;

    public FullSessionComponent() {
        this(new FrontDoorCounters());
    }

    /** @param counters what every endpoint of this component counts into */
    public FullSessionComponent(FrontDoorCounters counters) {
        this.counters = counters;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        FullSessionEndpoint endpoint = new FullSessionEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public FrontDoorCounters counters() {
        return counters;
    }
}
