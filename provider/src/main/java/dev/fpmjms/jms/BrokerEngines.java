package dev.fpmjms.jms;

import dev.fpmjms.config.FpmConfig;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The running broker-mode engines, one per configuration, and when each one stops.
 *
 * <p><b>Sharing rule.</b> Factories of equal configurations share one engine (as they share one
 * local engine in {@link dev.fpmjms.engine.EngineRegistry#shared()}).
 *
 * <p><b>Stopping rule.</b> An engine runs while a {@link Lease} on it is open: a factory holds one
 * from its first connection or context until it is closed. When the last lease closes, the engine
 * {@linkplain BrokerEngine#close() closes}: this process's dispatchers stop after the requests in
 * hand are settled; connections and contexts already made are the broker client's own and stay
 * usable until they are closed. {@link #shutdown} stops an engine whatever its leases, its
 * connections included. A closed engine leaves the registry; the next lease starts a fresh one.
 *
 * <p>Thread-safe; an engine is started (blocking: it connects to the broker and declares queues)
 * under the registry's lock, and closed outside it.
 */
final class BrokerEngines {
    /** The artifact that provides the ActiveMQ Artemis engine, named in the error when it is missing. */
    static final String ARTEMIS_ARTIFACT = "dev.fpmjms:fpm-jms-artemis";

    private static final BrokerEngines SHARED = new BrokerEngines();

    private final Map<FpmConfig, Entry> engines = new HashMap<>();

    /** A running engine and how many open leases it has. */
    private static final class Entry {
        final BrokerEngine engine;
        int leases;

        Entry(BrokerEngine engine) {
            this.engine = engine;
        }
    }

    BrokerEngines() {
    }

    /** The registry of every {@link FpmConnectionFactory}. */
    static BrokerEngines shared() {
        return SHARED;
    }

    /**
     * A lease on the engine of a broker-mode configuration, started if none runs.
     *
     * @throws IllegalStateException when no {@link BrokerEngineProvider} is on the class path, or
     *                               the engine cannot start (nothing is registered then)
     */
    synchronized Lease lease(FpmConfig config) {
        Entry e = engines.get(config);
        if (e == null) {
            e = new Entry(provider(config.getClass().getClassLoader()).start(config));
            engines.put(config, e);
        }
        e.leases++;
        return new Lease(config, e);
    }

    /**
     * The broker client's queue object for a name (no broker contacted).
     *
     * @throws IllegalStateException when no {@link BrokerEngineProvider} is on the class path
     */
    static jakarta.jms.Queue queue(String name) {
        return provider(BrokerEngines.class.getClassLoader()).queue(name);
    }

    /**
     * The broker client's topic object for a name (no broker contacted).
     *
     * @throws IllegalStateException when no {@link BrokerEngineProvider} is on the class path
     */
    static jakarta.jms.Topic topic(String name) {
        return provider(BrokerEngines.class.getClassLoader()).topic(name);
    }

    /** The engine of {@code config}, if one runs. */
    synchronized Optional<BrokerEngine> running(FpmConfig config) {
        Entry e = engines.get(config);
        return e == null ? Optional.empty() : Optional.of(e.engine);
    }

    /** Stops the engine of {@code config}, if one runs, whatever its leases; its connections stop working. */
    void shutdown(FpmConfig config) {
        Entry e;
        synchronized (this) {
            e = engines.remove(config);
        }
        if (e != null) {
            e.engine.shutdown();
        }
    }

    /** Called by a lease's first {@link Lease#close()}: the last lease of a registered engine closes it. */
    private void release(FpmConfig config, Entry entry) {
        synchronized (this) {
            if (--entry.leases > 0 || engines.get(config) != entry) {
                return; // still held, or shut down already
            }
            engines.remove(config);
        }
        entry.engine.close();
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

    /** One hold on a running engine. Thread-safe; {@link #close()} is idempotent. */
    final class Lease implements AutoCloseable {
        private final FpmConfig config;
        private final Entry entry;
        private boolean closed;

        private Lease(FpmConfig config, Entry entry) {
            this.config = config;
            this.entry = entry;
        }

        BrokerEngine engine() {
            return entry.engine;
        }

        /** Whether the engine still runs registered (false once it was shut down). */
        boolean current() {
            synchronized (BrokerEngines.this) {
                return engines.get(config) == entry;
            }
        }

        /** Lets go of the engine; the last lease closes it. Blocks while it closes. */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(config, entry);
        }
    }
}
