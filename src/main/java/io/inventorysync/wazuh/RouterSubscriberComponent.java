package io.inventorysync.wazuh;

import io.inventorysync.metrics.ServiceMetrics;
import io.inventorysync.router.RouterFrameDecoderFactory;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * Camel component {@code wazuh-router:<topic>}: a consumer that subscribes to a Wazuh manager's router broker and
 * feeds every read of published messages into its route as one exchange whose body is a
 * {@link io.inventorysync.router.RouterFrames}, like the TCP listener's. camel-netty cannot do this: its client
 * mode has no Unix domain sockets ({@code ClientModeTCPNettyServerBootstrapFactory}).
 *
 * <p>Endpoint options: {@code registrationSocket}, {@code topicSocket} (paths), {@code subscriberId},
 * {@code reconnectInitialDelay}, {@code reconnectMaxDelay}, {@code settleDelay} (Camel durations such as {@code 500ms}, {@code 30s}).
 */
public final class RouterSubscriberComponent extends DefaultComponent {

    private final RouterFrameDecoderFactory decoders;
    private final ServiceMetrics metrics;
    private final SubscriptionStatus status;

    public RouterSubscriberComponent(
            RouterFrameDecoderFactory decoders, ServiceMetrics metrics, SubscriptionStatus status) {
        this.decoders = decoders;
        this.metrics = metrics;
        this.status = status;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RouterSubscriberEndpoint endpoint = new RouterSubscriberEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    RouterFrameDecoderFactory decoders() {
        return decoders;
    }

    ServiceMetrics metrics() {
        return metrics;
    }

    SubscriptionStatus status() {
        return status;
    }
}
