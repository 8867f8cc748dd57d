package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.metrics.EngineMetrics;
import dev.fpmjms.metrics.QueueMetrics;
import dev.fpmjms.store.MessageStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Reads an engine's metrics from its queues and its journal, for {@link FpmEngine#metrics()} and
 * the JMX registrations ({@link EngineMeters}). Any thread; cheap: takes each queue's lock
 * briefly, never blocks on I/O. What it reads may change while it reads.
 */
final class EngineMetricsCollector {
    private final FpmConfig config;
    private final BooleanSupplier shutdown;
    private final Map<String, WorkerQueue> workerQueues;
    private final Map<String, WorkerQueue> subscriptionWorkers;
    private final Map<String, LocalQueue> localQueues;
    private final MessageStore store;

    /**
     * @param shutdown            whether the engine is shut down
     * @param workerQueues        the worker queues of routes, by name (live: the default route's appear on first use)
     * @param subscriptionWorkers the worker queues of subscriptions served by routes, by name
     * @param localQueues         the local queues, by name (the dead-letter queue included)
     * @param store               the journal, or {@code null} without a data directory
     */
    EngineMetricsCollector(FpmConfig config, BooleanSupplier shutdown, Map<String, WorkerQueue> workerQueues,
                           Map<String, WorkerQueue> subscriptionWorkers, Map<String, LocalQueue> localQueues,
                           MessageStore store) {
        this.config = config;
        this.shutdown = shutdown;
        this.workerQueues = workerQueues;
        this.subscriptionWorkers = subscriptionWorkers;
        this.localQueues = localQueues;
        this.store = store;
    }

    /** The engine's metrics now: see {@link FpmEngine#metrics()}. */
    EngineMetrics metrics() {
        if (shutdown.getAsBoolean()) {
            return EngineMetrics.notRunning(config.name());
        }
        SortedSet<String> names = new TreeSet<>(config.routes().keySet());
        names.addAll(workerQueues.keySet());
        names.addAll(subscriptionWorkers.keySet());
        List<QueueMetrics> queues = new ArrayList<>(names.size());
        for (String name : names) {
            queues.add(queueMetrics(name));
        }
        LocalQueue dlq = localQueues.get(config.deadLetterQueue());
        return new EngineMetrics(config.name(), true, queues, dlq == null ? 0 : dlq.size(),
                store == null ? null : store.metrics().orElse(null));
    }

    /** A worker queue's metrics; empty for a configured route whose queue has not been used yet. */
    QueueMetrics queueMetrics(String name) {
        WorkerQueue worker = workerQueues.get(name);
        if (worker == null) {
            worker = subscriptionWorkers.get(name);
        }
        if (worker != null) {
            return worker.metrics();
        }
        FpmRoute route = config.routeFor(name).orElse(null);
        return QueueMetrics.empty(name, route == null ? name : route.queue());
    }
}
