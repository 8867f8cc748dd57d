package dev.fpmjms.jms;

import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.ShutdownReport;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.health.RouteHealth;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;

import java.io.IOException;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The entry point of fpm-jms: makes connections to the engine of one configuration.
 *
 * <p>With no configuration ({@link #FpmConnectionFactory()}) every queue is a worker queue
 * served by the {@code builtin:echo} worker on an embedded php-fpm (started when a worker queue
 * is first used), so a newcomer needs nothing configured but php-fpm installed. Connections ignore
 * user names and passwords (fpm-jms has no authentication; access is governed by who may reach the
 * php-fpm sockets).
 *
 * <p><b>Engines.</b> Factories of equal configurations in one {@link EngineRegistry} share one
 * engine: their connections see the same queues. Factories made from a configuration alone (the
 * constructors without a gateway factory, URIs, JNDI, deserialization) use
 * {@link EngineRegistry#shared()}; a factory made with a gateway factory uses a registry of its
 * own unless one is passed in, so its gateway factory is never silently ignored. A factory holds
 * its engine from its first connection until {@link #close()}, each connection until it is
 * closed; the engine stops when the last of these lets go (a factory that is never closed keeps
 * its engine, and its embedded php-fpm, until {@link #shutdown()} or the end of the JVM).
 *
 * <p>Broker mode: when the configuration has a {@code broker} setting ({@link FpmConfig#broker()}),
 * the queues live in that broker and every connection, context and session is the broker
 * client's own (found with {@link java.util.ServiceLoader}, see {@link BrokerEngineProvider}; the
 * module {@code dev.fpmjms:fpm-jms-artemis} must be on the class path, or the first connection
 * fails naming it). User names and passwords are then passed to the broker. See
 * {@code docs/artemis.md}.
 *
 * <p>Topics are not offered: {@code createTopicConnection} returns an ordinary connection whose
 * topic operations fail with a {@code JMSException} that says so. XA is not offered.
 *
 * <p>Thread-safe. Serializable when built with the default configuration (a factory built from
 * an {@link FpmConfig} object refuses to be serialized, since the configuration has no
 * serialized form yet).
 */
public final class FpmConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Serializable, Referenceable, AutoCloseable {
    /** The JNDI object factory that turns this class's {@link Reference} back into a factory. */
    static final String OBJECT_FACTORY = "dev.fpmjms.jndi.FpmObjectFactory";
    /** The reference address holding the configuration as an fpm URI. */
    static final String URI_ADDRESS = "uri";
    private static final long serialVersionUID = 1L;

    private transient volatile FpmConfig config;
    private transient Function<FpmConfig, WorkerGatewayFactory> gatewayFactory;
    private transient Clock clock;
    private transient volatile boolean used;
    private transient EngineRegistry registry;
    /** This factory's hold on its engine, from the first connection until {@link #close()}; guarded by {@code this}. */
    private transient EngineRegistry.Lease lease;
    /** In broker mode, this factory's hold on its broker engine, from the first connection until {@link #close()}; guarded by {@code this}. */
    private transient BrokerEngines.Lease brokerLease;
    private transient volatile boolean closed;
    /** Settings given through the bean setters, checked as a whole on first use ({@link #getConfig()}). */
    private transient FpmConfig.Builder pending;

    /** A factory with the default configuration: every queue is served by {@code builtin:echo} on an embedded php-fpm. */
    public FpmConnectionFactory() {
        this(defaultConfig());
    }

    /** A factory for a configuration; its engine is shared through {@link EngineRegistry#shared()}. */
    public FpmConnectionFactory(FpmConfig config) {
        this(config, PHP_FPM_GATEWAYS, EngineRegistry.shared());
    }

    /**
     * A factory for a configuration given as an fpm URI ({@code docs/configuration.md}), e.g.
     * {@code fpm:embedded} or {@code fpm:?route.mail=unix:/run/php/fpm.sock|/srv/mail.php}.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public FpmConnectionFactory(String uri) {
        this(FpmConfigParser.parseUri(uri));
    }

    /**
     * Service-provider interface: a factory whose engine delivers to php-fpm through gateways made
     * by {@code gatewayFactory} (called when its engine is started), in a registry of its own: it
     * shares its engine with no other factory. For integrating other transports and for tests;
     * applications use the other constructors.
     */
    public FpmConnectionFactory(FpmConfig config, Function<FpmConfig, WorkerGatewayFactory> gatewayFactory) {
        this(config, gatewayFactory, new EngineRegistry());
    }

    /**
     * Service-provider interface: as {@link #FpmConnectionFactory(FpmConfig, Function)}, in a given
     * registry, whose sharing rule applies: if an engine of an equal configuration runs there
     * already, this factory uses it and {@code gatewayFactory} is not called.
     */
    public FpmConnectionFactory(FpmConfig config, Function<FpmConfig, WorkerGatewayFactory> gatewayFactory,
                                EngineRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.gatewayFactory = Objects.requireNonNull(gatewayFactory, "gatewayFactory");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Clock.systemUTC();
    }

    /** The gateways of every factory made without a gateway factory: FastCGI to php-fpm. */
    private static final Function<FpmConfig, WorkerGatewayFactory> PHP_FPM_GATEWAYS = FcgiGatewayFactory::new;

    /**
     * JavaBean setter (resource adapters, {@code @JMSConnectionFactoryDefinition}, Spring XML):
     * replaces the whole configuration by the one an fpm URI gives. Allowed only before the first
     * connection is made.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     * @throws IllegalStateException    after the factory has made a connection
     */
    public synchronized void setUri(String uri) {
        checkConfigurable("uri");
        FpmConfig.Builder builder = FpmConfig.builder();
        FpmConfigParser.applyUri(builder, uri);
        pending = builder;
    }

    /** The configuration as an fpm URI (the JavaBean getter matching {@link #setUri}). */
    public String getUri() {
        return FpmConfigParser.toUri(getConfig());
    }

    /**
     * JavaBean setter: applies settings {@code key=value;key=value} (the keys of
     * {@code docs/configuration.md}) on top of the current configuration, in order. Allowed only
     * before the first connection is made. A bad key or value fails here; rules that tie several
     * settings together are checked once, on first use, so setters may be called in any order.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     * @throws IllegalStateException    after the factory has made a connection
     */
    public synchronized void setProperties(String settings) {
        checkConfigurable("properties");
        FpmConfig.Builder builder = pending != null ? pending : config.toBuilder();
        FpmConfigParser.applySettings(builder, settings);
        pending = builder;
    }

    private void checkConfigurable(String property) {
        if (used) {
            throw new IllegalStateException("FpmConnectionFactory[" + config.name() + "]: '" + property
                    + "' cannot change after the factory has made a connection");
        }
    }

    /** A JNDI reference: the configuration as an fpm URI, read back by {@code dev.fpmjms.jndi.FpmObjectFactory}. */
    @Override
    public Reference getReference() {
        Reference ref = new Reference(FpmConnectionFactory.class.getName(), OBJECT_FACTORY, null);
        ref.add(new StringRefAddr(URI_ADDRESS, FpmConfigParser.toUri(getConfig())));
        return ref;
    }

    /** The default configuration: a default route {@code *} to {@code builtin:echo} on the embedded php-fpm. */
    public static FpmConfig defaultConfig() {
        return FpmConfig.builder()
                .route(FpmRoute.builder(FpmRoute.ANY_QUEUE).build())
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .build();
    }

    /**
     * The configuration connections of this factory use.
     *
     * @throws IllegalArgumentException when settings given through the bean setters do not fit
     *                                  together (the message names them)
     */
    public synchronized FpmConfig getConfig() {
        if (pending != null) {
            config = pending.build();
            pending = null;
        }
        return config;
    }

    @Override
    public Connection createConnection() throws JMSException {
        ConnectionFactory broker = brokerFactory();
        return broker != null ? broker.createConnection() : newConnection();
    }

    /**
     * As {@link #createConnection()}; fpm-jms has no authentication, so the credentials are not
     * used, except in broker mode, where they are the broker's.
     */
    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        ConnectionFactory broker = brokerFactory();
        return broker != null ? broker.createConnection(userName, password) : newConnection();
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        ConnectionFactory broker = brokerFactory();
        return broker != null ? ((QueueConnectionFactory) broker).createQueueConnection() : newConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        ConnectionFactory broker = brokerFactory();
        return broker != null ? ((QueueConnectionFactory) broker).createQueueConnection(userName, password)
                : newConnection();
    }

    /** An ordinary connection: its queue operations work, its topic operations throw (broker mode: the broker's). */
    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        ConnectionFactory broker = brokerFactory();
        return broker != null ? ((TopicConnectionFactory) broker).createTopicConnection() : newConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        ConnectionFactory broker = brokerFactory();
        return broker != null ? ((TopicConnectionFactory) broker).createTopicConnection(userName, password)
                : newConnection();
    }

    @Override
    public JMSContext createContext() {
        return createContext(JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        ConnectionFactory broker = FacadeGuard.runtime(this::brokerFactory);
        return broker != null ? broker.createContext(userName, password) : createContext(JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        ConnectionFactory broker = FacadeGuard.runtime(this::brokerFactory);
        return broker != null ? broker.createContext(userName, password, sessionMode) : createContext(sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        ConnectionFactory broker = FacadeGuard.runtime(this::brokerFactory);
        if (broker != null) {
            return broker.createContext(sessionMode);
        }
        FpmJMSContext.checkSessionMode(sessionMode);
        FpmConnection connection = FacadeGuard.runtime(this::newConnection);
        return new FpmJMSContext(connection, sessionMode);
    }

    /**
     * The broker's queue object for a name in broker mode (JNDI lookups use it: the broker client
     * accepts only its own destinations), else an {@link FpmQueue}.
     *
     * @throws JMSException when the configuration is not valid, or in broker mode the broker
     *                      engine is not on the class path
     */
    public jakarta.jms.Queue queue(String name) throws JMSException {
        if (validConfig().broker() == null) {
            return new FpmQueue(name);
        }
        try {
            return BrokerEngines.queue(name);
        } catch (IllegalStateException e) {
            JMSException jms = new JMSException(e.getMessage());
            jms.setLinkedException(e);
            jms.initCause(e);
            throw jms;
        }
    }

    /**
     * The broker's topic object for a name in broker mode (JNDI lookups use it, as for queues),
     * else an {@link FpmTopic}.
     *
     * @throws JMSException when the configuration is not valid, or in broker mode the broker
     *                      engine is not on the class path
     */
    public jakarta.jms.Topic topic(String name) throws JMSException {
        if (validConfig().broker() == null) {
            return new FpmTopic(name);
        }
        try {
            return BrokerEngines.topic(name);
        } catch (IllegalStateException e) {
            JMSException jms = new JMSException(e.getMessage());
            jms.setLinkedException(e);
            jms.initCause(e);
            throw jms;
        }
    }

    /** The broker's connection factory in broker mode (starting the broker engine on first use), else null. */
    private ConnectionFactory brokerFactory() throws JMSException {
        return validConfig().broker() == null ? null : brokerEngine().connectionFactory();
    }

    /** The broker engine this factory holds, started (blocking) or, after a {@link #shutdown()}, started again. */
    private synchronized BrokerEngine brokerEngine() throws JMSException {
        used = true;
        FpmConfig config = validConfig();
        if (closed) {
            throw new jakarta.jms.IllegalStateException("FpmConnectionFactory[" + config.name() + "] is closed");
        }
        try {
            if (brokerLease == null || !brokerLease.current()) {
                if (brokerLease != null) {
                    brokerLease.close();
                }
                brokerLease = null;
                brokerLease = BrokerEngines.shared().lease(config);
            }
            return brokerLease.engine();
        } catch (RuntimeException e) {
            JMSException jms = new JMSException("cannot start fpm-jms '" + config.name() + "' in broker mode: " + e.getMessage());
            jms.setLinkedException(e);
            jms.initCause(e);
            throw jms;
        }
    }

    private FpmConfig validConfig() throws JMSException {
        try {
            return getConfig();
        } catch (IllegalArgumentException e) {
            JMSException jms = new JMSException("fpm-jms configuration is not valid: " + e.getMessage());
            jms.setLinkedException(e);
            jms.initCause(e);
            throw jms;
        }
    }

    FpmConnection newConnection() throws JMSException {
        used = true;
        FpmConfig config = validConfig();
        EngineRegistry.Lease connectionLease;
        try {
            connectionLease = leaseFor(config);
        } catch (RuntimeException e) {
            JMSException jms = new JMSException("cannot start fpm-jms '" + config.name() + "': " + e.getMessage());
            jms.setLinkedException(e);
            jms.initCause(e);
            throw jms;
        }
        return new FpmConnection(connectionLease.engine(), clock, connectionLease::close);
    }

    /**
     * A lease for a new connection, and this factory's own lease on the same engine if it has none
     * on a running engine yet.
     */
    private synchronized EngineRegistry.Lease leaseFor(FpmConfig config) throws JMSException {
        heldEngine(config);
        EngineRegistry.Lease forConnection = registry.lease(config, gatewayFactory);
        if (forConnection.engine() != lease.engine()) { // the engine was shut down in between: hold the new one
            lease.close();
            lease = registry.lease(config, gatewayFactory);
        }
        return forConnection;
    }

    /**
     * Checks the health of this factory's routes now, as {@link FpmEngine#health()} does: per
     * route and endpoint, reachable ({@code FCGI_GET_VALUES}, and the pool's {@code ping.path}
     * when the route names it), and the pool's status page when known ({@code docs/operations.md},
     * "Health"). For health endpoints such as Spring Boot Actuator's.
     *
     * <p>Starts the engine if none runs (and the embedded php-fpm, if a route uses it), as the
     * first connection would, and holds it until {@link #close()}: a wrong socket shows up here,
     * before the first send. Blocks for the checks (a few connect timeouts per endpoint at most);
     * thread-safe.
     *
     * @return one result per configured route (the default route last); empty in broker mode
     *         (the broker's dispatchers are checked where they run)
     * @throws JMSException the configuration is not valid, the factory is closed
     *                      ({@code IllegalStateException}), or the engine cannot start or is
     *                      shutting down
     */
    public List<RouteHealth> health() throws JMSException {
        FpmConfig config = validConfig();
        if (config.broker() != null) {
            return List.of();
        }
        used = true;
        FpmEngine engine;
        try {
            engine = heldEngine(config);
        } catch (RuntimeException e) {
            throw linked(new JMSException("cannot start fpm-jms '" + config.name() + "': " + e.getMessage()), e);
        }
        try {
            return engine.health();
        } catch (java.lang.IllegalStateException e) {
            throw linked(new jakarta.jms.IllegalStateException("health of fpm-jms '" + config.name() + "': "
                    + e.getMessage()), e);
        }
    }

    private static JMSException linked(JMSException jms, Exception cause) {
        jms.setLinkedException(cause);
        jms.initCause(cause);
        return jms;
    }

    /**
     * Lets go of this factory's engine: once the connections it made are closed too, and no other
     * factory or connection holds the engine, the engine stops as {@link #shutdown()} does.
     * Connections it made stay usable until they are closed; it makes no new ones. Idempotent.
     * Blocks while the engine stops (dispatch threads and the embedded php-fpm end). In broker
     * mode: once no other factory of an equal configuration is open, this process's dispatchers
     * stop after the requests in hand are settled; the connections it made are the broker's and
     * stay usable until they are closed.
     */
    @Override
    public void close() {
        EngineRegistry.Lease held;
        BrokerEngines.Lease heldBroker;
        synchronized (this) {
            closed = true;
            held = lease;
            lease = null;
            heldBroker = brokerLease;
            brokerLease = null;
        }
        if (held != null) {
            held.close();
        }
        if (heldBroker != null) {
            heldBroker.close();
        }
    }

    /** Serialized as its configuration's fpm URI (a configuration without a URI form cannot be serialized). */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        try {
            out.writeUTF(FpmConfigParser.toUri(getConfig()));
        } catch (IllegalArgumentException e) {
            throw new NotSerializableException("FpmConnectionFactory[" + config.name() + "]: " + e.getMessage());
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        config = FpmConfigParser.parseUri(in.readUTF());
        gatewayFactory = PHP_FPM_GATEWAYS;
        registry = EngineRegistry.shared();
        clock = Clock.systemUTC();
    }

    /**
     * Waits until every message sent so far through this configuration's engine has reached its
     * final outcome at php-fpm (replied, dead-lettered or discarded). For programs that send and
     * then exit, such as fire-and-forget batch jobs. Returns at once if no engine is running, and
     * in broker mode (the broker holds what was sent; its dispatchers may run elsewhere).
     *
     * @return {@code true} when everything was dispatched, {@code false} on timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitDispatched(java.time.Duration timeout) throws InterruptedException {
        java.util.Optional<FpmEngine> engine = registry.running(getConfig());
        return engine.isEmpty() || engine.get().awaitDispatched(timeout);
    }

    /**
     * The dead letters of this factory's engine: list, show, replay, purge
     * ({@code docs/operations.md#dead-letters}). Starts the engine if it is not running yet (as a
     * first connection would: the journal is read, its dead letters come back) and holds it like
     * the factory's connections do, until {@link #close()}. The admin belongs to the engine running
     * now: after a {@link #shutdown()} its methods fail with {@link IllegalStateException}; ask
     * again for the new engine's. In broker mode they are the broker's dead-letter queue's
     * ({@link BrokerEngine#deadLetters()}; {@code docs/artemis.md}).
     *
     * @throws JMSException the configuration is not valid, the engine cannot start, or the factory
     *                      is closed
     */
    public DeadLetterAdmin deadLetters() throws JMSException {
        FpmConfig config = validConfig();
        if (config.broker() != null) {
            return brokerEngine().deadLetters();
        }
        used = true;
        try {
            return heldEngine(config).deadLetters();
        } catch (RuntimeException e) {
            JMSException jms = new JMSException("cannot start fpm-jms '" + config.name() + "': " + e.getMessage());
            jms.setLinkedException(e);
            jms.initCause(e);
            throw jms;
        }
    }

    /** The running engine of {@code config}, held by this factory's own lease (taken if it has none yet). */
    private synchronized FpmEngine heldEngine(FpmConfig config) throws JMSException {
        if (closed) {
            throw new jakarta.jms.IllegalStateException("FpmConnectionFactory[" + config.name() + "] is closed");
        }
        if (lease == null || lease.engine().isShutdown()) {
            if (lease != null) {
                lease.close();
            }
            lease = registry.lease(config, gatewayFactory);
        }
        return lease.engine();
    }

    /**
     * The metrics of this configuration's engine now (see {@link FpmEngine#metrics()} and
     * {@code docs/operations.md}, "Metrics"), or {@link dev.fpmjms.metrics.EngineMetrics#notRunning}
     * when no engine runs (none started yet, or shut down; and in broker mode, whose queues the
     * broker counts). Never starts an engine; does not block on I/O; any thread.
     */
    public dev.fpmjms.metrics.EngineMetrics metrics() {
        return registry.running(getConfig()).map(FpmEngine::metrics)
                .orElseGet(() -> dev.fpmjms.metrics.EngineMetrics.notRunning(getConfig().name()));
    }

    /**
     * Stops the engine of this factory's configuration after a drain ({@link FpmEngine#shutdown()}):
     * sends are refused at once, messages held in memory only are dispatched for up to the
     * configuration's {@code drainTimeout}, what is left in memory is dropped and logged with its
     * counts per queue (journaled PERSISTENT messages are redispatched by the next engine on the
     * same data directory). Then dispatch stops, the embedded php-fpm (if any) stops and
     * connections of this configuration stop working. A later connection starts a fresh engine.
     * In broker mode: stops this process's dispatchers and closes its broker connections; the
     * broker keeps the queues. Idempotent. Blocks for the drain and the stop.
     *
     * @return what the shutdown dropped and kept, per queue ({@link ShutdownReport#nothing()} when
     *         no engine of this configuration was running, and in broker mode)
     */
    public ShutdownReport shutdown() {
        BrokerEngines.shared().shutdown(getConfig());
        return registry.running(getConfig()).map(FpmEngine::shutdown).orElseGet(ShutdownReport::nothing);
    }

    @Override
    public String toString() {
        return "FpmConnectionFactory[" + config.name() + "]";
    }
}
