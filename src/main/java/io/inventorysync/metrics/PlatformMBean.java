package io.inventorysync.metrics;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one MBean registered on the platform MBeanServer while the CamelContext runs: registered on start,
 * unregistered on stop. A name already taken (a second service in the same JVM) is logged and left alone.
 */
public final class PlatformMBean extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformMBean.class);

    private final ObjectName name;
    private final Object mbean;
    private boolean registered;

    public PlatformMBean(ObjectName name, Object mbean) {
        this.name = name;
        this.mbean = mbean;
    }

    /** {@code io.inventorysync:type=Sessions,name=<contextName>}: the session statistics of one service. */
    public static ObjectName sessionsName(String contextName) {
        // a name with JMX special characters is quoted; the usual one (inventory-sync) stays readable
        String value = contextName.matches("[A-Za-z0-9._-]+") ? contextName : ObjectName.quote(contextName);
        try {
            return new ObjectName("io.inventorysync:type=Sessions,name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no valid ObjectName for context '" + contextName + "'", e);
        }
    }

    public ObjectName name() {
        return name;
    }

    @Override
    protected void doStart() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            LOG.warn("JMX name {} is already registered in this JVM; this service's statistics are not exposed", name);
            return;
        }
        server.registerMBean(mbean, name);
        registered = true;
        LOG.debug("Registered {}", name);
    }

    @Override
    protected void doStop() throws Exception {
        if (registered) {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            registered = false;
        }
    }
}
