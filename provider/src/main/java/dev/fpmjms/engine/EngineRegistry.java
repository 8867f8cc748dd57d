package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.store.MessageStore;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The running engines that connection factories share, and when each one stops.
 *
 * <p><b>Sharing rule.</b> Within one registry there is at most one running engine per equal
 * {@link FpmConfig}: whoever asks for an equal configuration gets that engine, whose gateways were
 * made by the gateway factory of whoever started it (a later caller's gateway factory is not
 * called). A caller that needs its own gateways uses a registry of its own. Engines of different
 * registries never share queues, even for equal configurations (two engines on one
 * {@code dataDirectory} fail: the journal is locked).
 *
 * <p><b>Stopping rule.</b> An engine started through {@link #lease} runs while a lease on it is
 * open; closing the last one shuts it down (dispatch stops, the embedded php-fpm stops, messages
 * held only in memory are dropped). Connection factories hold a lease from their first connection
 * until they are closed, and every connection holds one until it is closed, so an engine stops
 * once its factories are closed and their connections too. An engine obtained through
 * {@link #engine} or {@link #startWithStore} is pinned: it runs until {@link FpmEngine#shutdown()}
 * whatever its leases do. An engine that is shut down leaves the registry, and the next request
 * starts a fresh one.
 *
 * <p>{@link #shared()} is the registry of factories made without one (default constructor, URI,
 * JNDI, deserialization). Thread-safe: every method may be called from any thread; the engine is
 * started (which may start php-fpm and recover a journal, blocking) under the registry's lock.
 */
public final class EngineRegistry {

    private static final EngineRegistry SHARED = new EngineRegistry();

    private final Map<FpmConfig, Entry> engines = new HashMap<>();

    /** A running engine, how many open leases it has, and whether it is pinned. */
    private static final class Entry {
        final FpmEngine engine;
        int leases;
        boolean pinned;

        Entry(FpmEngine engine) {
            this.engine = engine;
        }
    }

    /** A registry of its own: its engines are shared with no other registry's. */
    public EngineRegistry() {
    }

    /** The registry of factories made from a configuration alone (constructors, URIs, JNDI, deserialization). */
    public static EngineRegistry shared() {
        return SHARED;
    }

    /**
     * A lease on the engine of a configuration, started (with gateways from {@code gatewayFactory})
     * if none runs. The engine stops when its last lease closes, unless it is pinned.
     *
     * @throws RuntimeException what starting the engine threw (nothing is registered then)
     */
    public Lease lease(FpmConfig config, Function<FpmConfig, WorkerGatewayFactory> gatewayFactory) {
        synchronized (this) {
            Entry e = entry(config, gatewayFactory);
            e.leases++;
            return new Lease(this, e.engine);
        }
    }

    /**
     * The engine of a configuration, started if none runs, and pinned: it runs until
     * {@link FpmEngine#shutdown()}.
     *
     * @param gatewayFactory makes the gateways to php-fpm if the engine is started now
     */
    public FpmEngine engine(FpmConfig config, Function<FpmConfig, WorkerGatewayFactory> gatewayFactory) {
        synchronized (this) {
            Entry e = entry(config, gatewayFactory);
            e.pinned = true;
            return e.engine;
        }
    }

    /**
     * Starts the engine of a configuration on a given {@link MessageStore} instead of the journal
     * in its {@code dataDirectory} (which is then not used): the seam for other store back ends,
     * and for tests. The engine owns the store from then on (it recovers from it at start and
     * closes it at shutdown); it is pinned, and factories of an equal configuration in this
     * registry use it.
     *
     * @throws IllegalStateException an engine of an equal configuration is running already
     */
    public FpmEngine startWithStore(FpmConfig config, WorkerGatewayFactory gateways, MessageStore store) {
        Objects.requireNonNull(store, "store");
        synchronized (this) {
            if (engines.containsKey(config)) {
                throw new IllegalStateException("fpm-jms engine '" + config.name() + "' is running already");
            }
            Entry e = new Entry(new FpmEngine(config, gateways, Clock.systemUTC(), store, this));
            e.pinned = true;
            engines.put(config, e);
            return e.engine;
        }
    }

    /** The running engine of a configuration in this registry, if one was started and not shut down. */
    public synchronized Optional<FpmEngine> running(FpmConfig config) {
        Entry e = engines.get(config);
        return e == null ? Optional.empty() : Optional.of(e.engine);
    }

    /** How many engines run in this registry. */
    public synchronized int size() {
        return engines.size();
    }

    private Entry entry(FpmConfig config, Function<FpmConfig, WorkerGatewayFactory> gatewayFactory) {
        Entry e = engines.get(config);
        if (e == null) {
            e = new Entry(new FpmEngine(config, gatewayFactory.apply(config), Clock.systemUTC(), null, this));
            engines.put(config, e);
        }
        return e;
    }

    /** Called by an engine that shuts down: forgets it, so that the next request starts a fresh one. */
    synchronized void forget(FpmEngine engine) {
        Entry e = engines.get(engine.config());
        if (e != null && e.engine == engine) {
            engines.remove(engine.config());
        }
    }

    /** Closes one lease; the last one of an unpinned engine shuts it down (outside the lock). */
    private void release(FpmEngine engine) {
        boolean stop;
        synchronized (this) {
            Entry e = engines.get(engine.config());
            if (e == null || e.engine != engine) {
                return; // shut down already
            }
            e.leases--;
            stop = e.leases == 0 && !e.pinned;
            if (stop) {
                engines.remove(engine.config());
            }
        }
        if (stop) {
            engine.shutdown();
        }
    }

    /**
     * One user's hold on an engine. {@link #close()} is idempotent; the last close of an unpinned
     * engine shuts it down, blocking as {@link FpmEngine#shutdown()} does. Thread-safe.
     */
    public static final class Lease implements AutoCloseable {
        private final EngineRegistry registry;
        private final FpmEngine engine;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private Lease(EngineRegistry registry, FpmEngine engine) {
            this.registry = registry;
            this.engine = engine;
        }

        public FpmEngine engine() {
            return engine;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                registry.release(engine);
            }
        }
    }
}
