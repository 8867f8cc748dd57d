package dev.fpmjms.jms;

import dev.fpmjms.config.FpmConfig;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running broker-mode engines, one per configuration, so that factories built from equal
 * configurations share one (as they share one local engine). Thread-safe; {@link #forConfig}
 * blocks while an engine starts.
 */
final class BrokerEngines {
    /** The artifact that provides the ActiveMQ Artemis engine, named in the error when it is missing. */
    static final String ARTEMIS_ARTIFACT = "dev.fpmjms:fpm-jms-artemis";

    private static final Map<FpmConfig, BrokerEngine> RUNNING = new ConcurrentHashMap<>();

    private BrokerEngines() {
    }

    /**
     * The engine of a broker-mode configuration, started on first use.
     *
     * @throws IllegalStateException when no {@link BrokerEngineProvider} is on the class path, or
     *                               the engine cannot start
     */
    static BrokerEngine forConfig(FpmConfig config) {
        return RUNNING.computeIfAbsent(config, c -> provider(c.getClass().getClassLoader()).start(c));
    }

    /**
     * The broker client's queue object for a name (no broker contacted).
     *
     * @throws IllegalStateException when no {@link BrokerEngineProvider} is on the class path
     */
    static jakarta.jms.Queue queue(String name) {
        return provider(BrokerEngines.class.getClassLoader()).queue(name);
    }

    static Optional<BrokerEngine> running(FpmConfig config) {
        return Optional.ofNullable(RUNNING.get(config));
    }

    static void shutdown(FpmConfig config) {
        BrokerEngine engine = RUNNING.remove(config);
        if (engine != null) {
            engine.close();
        }
    }

    private static BrokerEngineProvider provider(ClassLoader fallback) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Iterator<BrokerEngineProvider> found =
                ServiceLoader.load(BrokerEngineProvider.class, context != null ? context : fallback).iterator();
        if (!found.hasNext()) {
            found = ServiceLoader.load(BrokerEngineProvider.class, fallback).iterator();
        }
        if (!found.hasNext()) {
            throw new IllegalStateException("the setting 'broker' needs the broker engine: add the artifact "
                    + ARTEMIS_ARTIFACT + " to the class path (no " + BrokerEngineProvider.class.getName()
                    + " was found by ServiceLoader)");
        }
        return found.next();
    }
}
