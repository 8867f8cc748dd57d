package dev.fpmjms.metrics;

import dev.fpmjms.health.HealthJmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.function.Supplier;

/**
 * Registers metrics in the platform MBean server, in the same tree as route health
 * ({@link HealthJmx}): {@code dev.fpmjms:type=QueueMetrics,engine=<name>,route=<queue>} per worker
 * queue and {@code dev.fpmjms:type=EngineMetrics,engine=<name>} per engine, values quoted as
 * {@link HealthJmx#value} does. Another engine of the same name in this JVM keeps its own
 * registration (this one is skipped with a WARN). Thread-safe.
 */
public final class MetricsJmx {

    private MetricsJmx() {
    }

    /** The ObjectName of a worker queue's metrics. */
    public static ObjectName queueName(String engine, String queue) {
        return name("dev.fpmjms:type=QueueMetrics,engine=" + HealthJmx.value(engine) + ",route=" + HealthJmx.value(queue));
    }

    /** The ObjectName of an engine's metrics. */
    public static ObjectName engineName(String engine) {
        return name("dev.fpmjms:type=EngineMetrics,engine=" + HealthJmx.value(engine));
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no JMX name " + text, e);
        }
    }

    /**
     * Registers a worker queue's metrics, read from {@code metrics} at each attribute read.
     *
     * @return what to run to unregister
     */
    public static Runnable registerQueue(String engine, String queue, Supplier<QueueMetrics> metrics) {
        return HealthJmx.register(engine, queueName(engine, queue), new QueueMetricsBean(metrics));
    }

    /**
     * Registers an engine's metrics, read from {@code metrics} at each attribute read.
     *
     * @return what to run to unregister
     */
    public static Runnable registerEngine(String engine, Supplier<EngineMetrics> metrics) {
        return HealthJmx.register(engine, engineName(engine), new EngineMetricsBean(metrics));
    }
}
