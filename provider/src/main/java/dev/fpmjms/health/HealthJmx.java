package dev.fpmjms.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Registers route health in the platform MBean server. Names:
 * {@code dev.fpmjms:type=RouteHealth,engine=<name>,route=<queue>}, values quoted
 * ({@link ObjectName#quote}) when they hold characters an ObjectName reserves (the default route
 * {@code *} always). Thread-safe.
 */
public final class HealthJmx {

    private static final Logger LOG = LoggerFactory.getLogger(HealthJmx.class);

    private HealthJmx() {
    }

    /** The ObjectName of a route's health. */
    public static ObjectName objectName(String engine, String route) {
        try {
            return new ObjectName("dev.fpmjms:type=RouteHealth,engine=" + value(engine) + ",route=" + value(route));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no JMX name for engine '" + engine + "' route '" + route + "'", e);
        }
    }

    /**
     * An ObjectName key value: as is when allowed, else quoted. Every fpm-jms MBean names its
     * engine and route this way, so that one pattern ({@code dev.fpmjms:engine=<name>,*}) finds them all.
     */
    public static String value(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (",=:\"*?\n\\ ".indexOf(v.charAt(i)) >= 0) {
                return ObjectName.quote(v);
            }
        }
        return v.isEmpty() ? ObjectName.quote(v) : v;
    }

    /**
     * Registers a route's health; another engine of the same name in this JVM keeps its own
     * registration (this one is skipped with a WARN).
     *
     * @return what to run to unregister; for a skipped registration it does nothing
     */
    public static Runnable register(String engine, String route, Supplier<RouteHealth> check) {
        return register(engine, objectName(engine, route), new RouteHealthBean(check));
    }

    /**
     * Registers an MBean of an engine in the platform MBean server; a name registered already
     * (another engine of the same name in this JVM) keeps its bean, this one is skipped with a WARN.
     *
     * @return what to run to unregister; for a skipped registration it does nothing
     */
    public static Runnable register(String engine, ObjectName name, Object bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            LOG.warn("fpm-jms '{}': {} is registered already (another engine of the same name in this JVM); not registered again",
                    engine, name);
            return () -> { };
        } catch (JMException e) {
            LOG.warn("fpm-jms '{}': cannot register {} in JMX: {}", engine, name, e.toString());
            return () -> { };
        }
        return () -> {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("{} was unregistered already", name);
            }
        };
    }
}
