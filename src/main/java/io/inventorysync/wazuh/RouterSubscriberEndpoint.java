package io.inventorysync.wazuh;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.util.TimeUtils;

/** {@code wazuh-router:<topic>?subscriberId=…&registrationSocket=…&topicSocket=…}: consumer only. */
public final class RouterSubscriberEndpoint extends DefaultEndpoint {

    // both go into JSON we write to the broker: plain names only
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final String topic;
    private String subscriberId;
    private String registrationSocket;
    private String topicSocket;
    private String reconnectInitialDelay = "500ms";
    private String reconnectMaxDelay = "30s";
    private String settleDelay = "0";

    RouterSubscriberEndpoint(String uri, RouterSubscriberComponent component, String topic) {
        super(uri, component);
        this.topic = topic;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("wazuh-router is a consumer: responses go to remoted, not the broker");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        for (String[] name : new String[][] {{"topic", topic}, {"subscriberId", subscriberId}}) {
            if (name[1] == null || !NAME.matcher(name[1]).matches()) {
                throw new IllegalArgumentException(
                        "wazuh-router: " + name[0] + " '" + name[1] + "' must be 1-128 of [A-Za-z0-9._-]");
            }
        }
        if (registrationSocket == null || topicSocket == null) {
            throw new IllegalArgumentException("wazuh-router: registrationSocket and topicSocket are required");
        }
        RouterSubscriberComponent component = (RouterSubscriberComponent) getComponent();
        RouterSubscriberConsumer consumer = new RouterSubscriberConsumer(
                this,
                processor,
                RouterSubscription.builder()
                        .registrationSocket(Path.of(registrationSocket))
                        .topicSocket(Path.of(topicSocket))
                        .topic(topic)
                        .subscriberId(subscriberId)
                        .decoders(component.decoders())
                        .metrics(component.metrics())
                        .status(component.status())
                        .backoff(
                                TimeUtils.toMilliSeconds(reconnectInitialDelay),
                                TimeUtils.toMilliSeconds(reconnectMaxDelay))
                        .settleDelay(TimeUtils.toMilliSeconds(settleDelay)));
        configureConsumer(consumer);
        return consumer;
    }

    public String getSubscriberId() {
        return subscriberId;
    }

    public void setSubscriberId(String subscriberId) {
        this.subscriberId = subscriberId;
    }

    public String getRegistrationSocket() {
        return registrationSocket;
    }

    public void setRegistrationSocket(String registrationSocket) {
        this.registrationSocket = registrationSocket;
    }

    public String getTopicSocket() {
        return topicSocket;
    }

    public void setTopicSocket(String topicSocket) {
        this.topicSocket = topicSocket;
    }

    public String getReconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public void setReconnectInitialDelay(String reconnectInitialDelay) {
        this.reconnectInitialDelay = reconnectInitialDelay;
    }

    public String getReconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public void setReconnectMaxDelay(String reconnectMaxDelay) {
        this.reconnectMaxDelay = reconnectMaxDelay;
    }

    public String getSettleDelay() {
        return settleDelay;
    }

    public void setSettleDelay(String settleDelay) {
        this.settleDelay = settleDelay;
    }
}
