package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one shutdown of an engine, for {@link FpmEngine#shutdown()} (which states its contract):
 * refuses sends, leaves the registry, drains, reports what every queue holds, then stops the
 * queues, gateways, threads and journal; and the JVM exit hook that runs it when the JVM ends.
 * Thread-safe: shutdowns are serialized, and every caller gets the report of the one shutdown.
 */
final class EngineShutdown {
    /** Logs as the engine does, so that log settings for {@link FpmEngine} still apply. */
    private static final Logger LOG = LoggerFactory.getLogger(FpmEngine.class);
    /** How long past the drain the embedded php-fpm waits for the engine at the end of the JVM. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    private final FpmEngine engine;
    private final FpmConfig config;
    /** The registry that started the engine (told at shutdown), or {@code null}. */
    private final EngineRegistry registry;
    private final WorkerGatewayFactory gateways;
    private final DispatchWatch dispatchWatch;
    /** Drops the engine's JMX registrations. */
    private final Runnable unregisterJmx;
    private final Map<String, WorkerQueue> workerQueues;
    private final Map<String, WorkerQueue> subscriptionWorkers;
    private final Map<String, LocalQueue> localQueues;
    private final TemporaryQueues temporaryQueues;
    private final LocalTopics topics;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService outcomeExecutor;
    /** The store of persistent messages, or {@code null} without a data directory. */
    private final MessageStore store;
    /** Serializes shutdowns: a second caller waits for the first one's drain and gets its report. */
    private final Object shutdownLock = new Object();
    /** The report of the shutdown, once done; guarded by {@code shutdownLock}. */
    private ShutdownReport shutdownReport;
    /** Shuts the engine down (with its drain) when the JVM ends, e.g. on SIGTERM. */
    private final Thread jvmExitHook;

    /**
     * Made by the engine's constructor, before anything that the shutdown undoes: a failed start
     * shuts down through it. The maps are the engine's own, read when the shutdown runs.
     *
     * @param engine        the engine to shut down: its flags are set, its registry told
     * @param registry      the registry to tell at shutdown, or {@code null}
     * @param unregisterJmx drops the engine's JMX registrations (health, dead letters, metrics)
     * @param store         the journal, closed last, or {@code null}
     */
    EngineShutdown(FpmEngine engine, EngineRegistry registry, WorkerGatewayFactory gateways, DispatchWatch dispatchWatch,
                   Runnable unregisterJmx, Map<String, WorkerQueue> workerQueues,
                   Map<String, WorkerQueue> subscriptionWorkers, Map<String, LocalQueue> localQueues,
                   TemporaryQueues temporaryQueues, LocalTopics topics, ScheduledThreadPoolExecutor timer,
                   ExecutorService outcomeExecutor, MessageStore store) {
        this.engine = engine;
        this.config = engine.config();
        this.registry = registry;
        this.gateways = gateways;
        this.dispatchWatch = dispatchWatch;
        this.unregisterJmx = unregisterJmx;
        this.workerQueues = workerQueues;
        this.subscriptionWorkers = subscriptionWorkers;
        this.localQueues = localQueues;
        this.temporaryQueues = temporaryQueues;
        this.topics = topics;
        this.timer = timer;
        this.outcomeExecutor = outcomeExecutor;
        this.store = store;
        this.jvmExitHook = new Thread(this::shutdownAtJvmExit, "fpm-jms-shutdown-" + config.name());
    }

    /**
     * Shuts the engine down when the JVM ends (SIGTERM, {@code System.exit}, the last non-daemon
     * thread ending), drain included; the embedded php-fpm's own hook waits for it meanwhile.
     * Called once, at the end of the engine's start.
     */
    void registerJvmExitHook() {
        try {
            Runtime.getRuntime().addShutdownHook(jvmExitHook);
            gateways.awaitCloseAtJvmExit(config.drainTimeout().plus(STOP_MARGIN));
        } catch (IllegalStateException exiting) {
            // The JVM is ending already: the engine lives as long as it does.
        }
    }

    private void shutdownAtJvmExit() {
        try {
            engine.shutdown();
        } catch (RuntimeException e) {
            LOG.error("fpm-jms '{}': shutdown at the end of the JVM failed", config.name(), e);
        }
    }

    /** Runs the shutdown, or waits for the one running, as {@link FpmEngine#shutdown()} states. */
    ShutdownReport shutdown() {
        synchronized (shutdownLock) {
            if (shutdownReport != null) {
                return shutdownReport;
            }
            engine.refuseSends();
            if (Thread.currentThread() != jvmExitHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(jvmExitHook);
                } catch (IllegalStateException exiting) {
                    // The JVM is ending: the hook runs and waits for this shutdown (shutdownLock).
                }
            }
            if (registry != null) {
                registry.forget(engine);
            }
            boolean drained = drain(config.drainTimeout());
            if (!drained) {
                LOG.warn("fpm-jms '{}': drainTimeout {} ran out with requests in memory; where they are: {}", config.name(),
                        ShutdownReport.format(config.drainTimeout()), dispatchWatch.describe());
            }
            ShutdownReport report = report(drained);
            engine.markShutDown();
            try {
                stop();
            } finally {
                shutdownReport = report;
                if (report.dropped() > 0) {
                    LOG.warn("fpm-jms '{}' shut down: {}", config.name(), report.describe());
                } else {
                    LOG.info("fpm-jms '{}' shut down: {}", config.name(), report.describe());
                }
            }
            return report;
        }
    }

    /**
     * Waits until no worker queue holds a request in memory only, or until the timeout; an
     * interrupt ends it (the interrupt is kept).
     *
     * @return whether none is left
     */
    private boolean drain(Duration timeout) {
        try {
            return dispatchWatch.awaitNone(w -> w.outbound().holdings().memoryOnly() > 0, timeout, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What every queue holds now, before the queues close. */
    private ShutdownReport report(boolean drained) {
        ShutdownTally tally = new ShutdownTally();
        engine.allWorkerQueues().forEach(tally::workerQueue);
        localQueues.forEach(tally::consumerQueue);
        temporaryQueues.forEach(tally::consumerQueue);
        topics.forEachQueue(tally::consumerQueue);
        return tally.report(drained, config.drainTimeout());
    }

    /**
     * Stops dispatching, closes gateways (and the embedded php-fpm); messages still held in memory
     * are dropped; stored persistent ones (in flight to PHP included) stay in the store for the
     * next start, which is closed last.
     */
    private void stop() {
        unregisterJmx.run();
        workerQueues.values().forEach(WorkerQueue::close);
        subscriptionWorkers.values().forEach(WorkerQueue::close);
        localQueues.values().forEach(LocalQueue::close);
        temporaryQueues.closeAll();
        topics.close();
        gateways.close();
        timer.shutdownNow();
        outcomeExecutor.shutdown();
        try {
            if (!outcomeExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                outcomeExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store != null) {
            store.close();
        }
    }
}
