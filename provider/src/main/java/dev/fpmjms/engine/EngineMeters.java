package dev.fpmjms.engine;

import dev.fpmjms.metrics.EngineMetrics;
import dev.fpmjms.metrics.MetricsJmx;
import dev.fpmjms.metrics.QueueMetrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The JMX registrations of an engine's metrics, for the engine's lifetime: one for the engine, one
 * per worker queue (a queue of the default route when it is first used). Thread-safe; registering
 * is rare (start, a queue's first use), never on a message's path.
 */
final class EngineMeters {

    private final String engine;
    private final List<Runnable> registrations = new ArrayList<>();
    private final Set<String> queues = new HashSet<>();
    private boolean closed;

    EngineMeters(String engine) {
        this.engine = engine;
    }

    synchronized void registerEngine(Supplier<EngineMetrics> metrics) {
        if (!closed) {
            registrations.add(MetricsJmx.registerEngine(engine, metrics));
        }
    }

    /** Registers a worker queue's metrics unless they are registered already. */
    synchronized void registerQueue(String queue, Supplier<QueueMetrics> metrics) {
        if (!closed && queues.add(queue)) {
            registrations.add(MetricsJmx.registerQueue(engine, queue, metrics));
        }
    }

    synchronized void unregisterAll() {
        closed = true;
        registrations.forEach(Runnable::run);
        registrations.clear();
    }
}
