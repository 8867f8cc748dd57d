package dev.fpmjms.jms;

import dev.fpmjms.engine.EngineListener;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.threads.DaemonThreads;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A connection to the engine of one configuration.
 *
 * <p>Delivery gate: every hand-over of a message to the application (a listener call, or the
 * return of a {@code receive}) holds the read side of a read-write lock and checks that the
 * connection is started; {@link #stop()} clears the flag and then takes the write side, so it
 * returns only once running listeners have returned, and nothing is delivered while stopped.
 *
 * <p>Thread-safe.
 */
public final class FpmConnection implements QueueConnection, TopicConnection {
    private static final Logger LOG = LoggerFactory.getLogger(FpmConnection.class);

    private final FpmEngine engine;
    private final Clock clock;
    private final String id = "connection-" + UUID.randomUUID();
    private final FacadeGuard guard = new FacadeGuard(id);
    private final FpmDestinationMapper mapper = new FpmDestinationMapper(this);
    private final AtomicBoolean used = new AtomicBoolean();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private final ReentrantReadWriteLock deliveryGate = new ReentrantReadWriteLock();
    private final Set<FpmSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, FpmTemporaryQueue> temporaryQueues = new ConcurrentHashMap<>();
    private final Map<String, FpmTemporaryTopic> temporaryTopics = new ConcurrentHashMap<>();
    private final EngineListener routeFailures = this::onRouteFailure;
    private volatile boolean started;
    private volatile String clientId;
    private volatile ExceptionListener exceptionListener;
    private ExecutorService events;
    private final Runnable release;

    /** @param release lets go of the engine when the connection closes (the registry's lease) */
    FpmConnection(FpmEngine engine, Clock clock, Runnable release) {
        this.engine = engine;
        this.clock = clock;
        this.release = release;
        engine.addListener(routeFailures);
    }

    FpmEngine engine() {
        return engine;
    }

    Clock clock() {
        return clock;
    }

    FpmDestinationMapper mapper() {
        return mapper;
    }

    String id() {
        return id;
    }

    /** The client ID, or {@code null} when none is set. */
    String clientId() {
        return clientId;
    }

    FacadeGuard guard() {
        return guard;
    }

    ReentrantReadWriteLock deliveryGate() {
        return deliveryGate;
    }

    boolean isStarted() {
        return started;
    }

    /** Marks the connection used (client id fixed) and checks that it is open. */
    private void use() throws IllegalStateException {
        guard.checkOpen();
        used.set(true);
    }

    // ---- sessions -------------------------------------------------------------------------

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode, false);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return newSession(sessionMode, false);
    }

    @Override
    public Session createSession() throws JMSException {
        return newSession(Session.AUTO_ACKNOWLEDGE, false);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode, true);
    }

    /**
     * @param queueOnly whether the session is a {@link QueueSession} (made by
     *                  {@link #createQueueSession}), on which topic methods are illegal
     */
    FpmSession newSession(int mode, boolean queueOnly) throws JMSException {
        return newSession(mode, queueOnly, false);
    }

    /**
     * @param topicOnly whether the session is a {@link TopicSession} (made by
     *                  {@link #createTopicSession}), on which queue methods are illegal
     */
    FpmSession newSession(int mode, boolean queueOnly, boolean topicOnly) throws JMSException {
        use();
        if (mode != Session.AUTO_ACKNOWLEDGE && mode != Session.CLIENT_ACKNOWLEDGE
                && mode != Session.DUPS_OK_ACKNOWLEDGE && mode != Session.SESSION_TRANSACTED) {
            throw new JMSException("invalid session mode " + mode + "; expected SESSION_TRANSACTED (0), "
                    + "AUTO_ACKNOWLEDGE (1), CLIENT_ACKNOWLEDGE (2) or DUPS_OK_ACKNOWLEDGE (3)");
        }
        FpmSession session = new FpmSession(this, mode, queueOnly, topicOnly);
        sessions.add(session);
        if (guard.isClosed()) {
            sessions.remove(session);
            session.close();
            guard.checkOpen();
        }
        return session;
    }

    void sessionClosed(FpmSession session) {
        sessions.remove(session);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted ? Session.SESSION_TRANSACTED : acknowledgeMode, false, true);
    }

    // ---- client id ------------------------------------------------------------------------

    @Override
    public String getClientID() throws JMSException {
        guard.checkOpen();
        return clientId;
    }

    /**
     * Sets the client identifier: once, before any other use of the connection.
     *
     * @throws InvalidClientIDException when it is empty or another open connection of the same
     *                                  configuration uses it
     * @throws IllegalStateException    when it is already set or the connection has been used
     */
    @Override
    public void setClientID(String newClientId) throws JMSException {
        guard.checkOpen();
        if (clientId != null) {
            throw new IllegalStateException("client id of " + id + " is already set to '" + clientId + "'");
        }
        if (used.get()) {
            throw new IllegalStateException("client id must be set before " + id + " is used");
        }
        if (newClientId == null || newClientId.isBlank()) {
            throw new InvalidClientIDException("client id must not be null or blank");
        }
        if (!engine.clientIds().claim(newClientId)) {
            throw new InvalidClientIDException("client id '" + newClientId + "' is in use by another connection of fpm-jms '"
                    + engine.config().name() + "'");
        }
        clientId = newClientId;
        used.set(true);
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        guard.checkOpen();
        return FpmConnectionMetaData.INSTANCE;
    }

    // ---- exceptions -----------------------------------------------------------------------

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        use();
        return exceptionListener;
    }

    /** Sets the listener told (on a connection event thread) when a php-fpm route fails. */
    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        use();
        stateLock.lock();
        try {
            if (listener != null && events == null) {
                events = Executors.newSingleThreadExecutor(new DaemonThreads("fpm-jms-events-" + id));
            }
            exceptionListener = listener;
        } finally {
            stateLock.unlock();
        }
    }

    private void onRouteFailure(String queue, String detail) {
        ExceptionListener listener = exceptionListener;
        if (listener == null || guard.isClosed()) {
            return;
        }
        JMSException e = new JMSException("php-fpm route of queue '" + queue + "' failed: " + detail);
        try {
            events.execute(() -> {
                try {
                    listener.onException(e);
                } catch (RuntimeException ex) {
                    LOG.warn("ExceptionListener of {} threw", id, ex);
                }
            });
        } catch (RejectedExecutionException closing) {
            LOG.debug("{} closing; route failure not reported: {}", id, detail);
        }
    }

    // ---- start, stop, close ---------------------------------------------------------------

    @Override
    public void start() throws JMSException {
        use();
        stateLock.lock();
        try {
            started = true;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        for (FpmSession s : sessions) {
            s.dispatcher().schedule();
        }
    }

    /**
     * Pauses delivery; returns once running message listeners have returned. A CompletionListener
     * may call it (JMS 2.0 errata, JMS_SPEC-165): it runs on a send-completion thread, never
     * inside a message listener, so it does not wait for itself.
     *
     * @throws IllegalStateException when called from a message listener of this connection
     *                               (which would wait for itself)
     */
    @Override
    public void stop() throws JMSException {
        use();
        checkNotInOwnListener("stop");
        started = false;
        deliveryGate.writeLock().lock();
        deliveryGate.writeLock().unlock();
    }

    /**
     * Waits until the connection is started.
     *
     * @param waiter        the consumer that waits; its closing ends the wait
     * @param deadlineNanos {@code System.nanoTime()} deadline, -1 for none, 0 to not wait at all
     * @return whether the connection is started (false on timeout or when closed)
     */
    boolean awaitStarted(FacadeGuard waiter, long deadlineNanos) throws JMSException {
        if (started) {
            return true;
        }
        stateLock.lock();
        try {
            while (!started) {
                if (waiter.isClosed() || guard.isClosed() || deadlineNanos == 0) {
                    return false;
                }
                if (deadlineNanos < 0) {
                    stateChanged.await();
                } else {
                    long remaining = deadlineNanos - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    stateChanged.awaitNanos(remaining);
                }
            }
            return true;
        } catch (InterruptedException e) {
            throw FacadeGuard.translate("receive on " + waiter.name(), e);
        } finally {
            stateLock.unlock();
        }
    }

    /** Wakes threads waiting in {@link #awaitStarted} so that they see a closed consumer. */
    void wakeWaiters() {
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    void checkNotInOwnCallback(String operation) throws IllegalStateException {
        checkNotInOwnListener(operation);
        FpmSession completing = AsyncSends.currentSession();
        if (completing != null && completing.connection() == this) {
            throw new IllegalStateException("a CompletionListener must not call " + operation + "() on its own connection");
        }
    }

    private void checkNotInOwnListener(String operation) throws IllegalStateException {
        FpmSession listening = SessionDispatcher.currentSession();
        if (listening != null && listening.connection() == this) {
            throw new IllegalStateException("a MessageListener must not call " + operation + "() on its own connection");
        }
    }

    /**
     * Closes the sessions (waiting for their running listeners and pending sends), deletes the
     * connection's temporary queues and frees its client id, then lets go of the engine: the
     * last connection of a closed factory stops it ({@link dev.fpmjms.engine.EngineRegistry}),
     * which blocks until its threads and embedded php-fpm have ended. Idempotent.
     *
     * @throws IllegalStateException when called from a message listener or completion listener of
     *                               this connection
     */
    @Override
    public void close() throws JMSException {
        if (guard.isClosed()) {
            return;
        }
        checkNotInOwnCallback("close");
        if (!guard.markClosed()) {
            return;
        }
        started = false;
        wakeWaiters();
        JMSException first = null;
        for (FpmSession s : sessions) {
            try {
                s.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        for (FpmTemporaryQueue t : temporaryQueues.values()) {
            engine.deleteTemporaryQueue(t.ref());
        }
        temporaryQueues.clear();
        for (FpmTemporaryTopic t : temporaryTopics.values()) {
            engine.deleteTemporaryTopic(t.ref());
        }
        temporaryTopics.clear();
        engine.removeListener(routeFailures);
        if (clientId != null) {
            engine.clientIds().release(clientId);
        }
        stateLock.lock();
        try {
            if (events != null) {
                events.shutdown();
            }
        } finally {
            stateLock.unlock();
        }
        release.run(); // the last holder of the engine stops it
        if (first != null) {
            throw first;
        }
    }

    // ---- temporary queues -----------------------------------------------------------------

    FpmTemporaryQueue createTemporaryQueue() throws JMSException {
        FpmTemporaryQueue queue = guard.engine("create temporary queue",
                () -> new FpmTemporaryQueue(engine.createTemporaryQueue(id), this));
        temporaryQueues.put(queue.getQueueName(), queue);
        if (guard.isClosed()) {
            engine.deleteTemporaryQueue(queue.ref());
            guard.checkOpen();
        }
        return queue;
    }

    FpmTemporaryQueue ownTemporaryQueue(DestinationRef ref) {
        return temporaryQueues.get(ref.name());
    }

    void deleteTemporaryQueue(FpmTemporaryQueue queue) throws JMSException {
        guard.checkOpen();
        long consumers = sessions.stream().mapToLong(s -> s.openConsumersOn(queue.ref())).sum();
        if (consumers > 0) {
            throw new IllegalStateException("temporary queue " + queue.getQueueName() + " has " + consumers
                    + " open consumer(s); close them before delete()");
        }
        temporaryQueues.remove(queue.getQueueName());
        engine.deleteTemporaryQueue(queue.ref());
    }

    // ---- temporary topics -----------------------------------------------------------------

    FpmTemporaryTopic createTemporaryTopic() throws JMSException {
        FpmTemporaryTopic topic = guard.engine("create temporary topic",
                () -> new FpmTemporaryTopic(engine.createTemporaryTopic(id), this));
        temporaryTopics.put(topic.getTopicName(), topic);
        if (guard.isClosed()) {
            engine.deleteTemporaryTopic(topic.ref());
            guard.checkOpen();
        }
        return topic;
    }

    FpmTemporaryTopic ownTemporaryTopic(DestinationRef ref) {
        return temporaryTopics.get(ref.name());
    }

    void deleteTemporaryTopic(FpmTemporaryTopic topic) throws JMSException {
        guard.checkOpen();
        if (engine.hasSubscriptions(topic.ref())) {
            throw new IllegalStateException("temporary topic " + topic.getTopicName()
                    + " has open subscribers; close them before delete()");
        }
        temporaryTopics.remove(topic.getTopicName());
        engine.deleteTemporaryTopic(topic.ref());
    }

    // ---- not supported --------------------------------------------------------------------

    /** Connection consumers (application-server session pools) are not supported. */
    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        use();
        throw new JMSException("connection consumers (ServerSessionPool) are not supported by fpm-jms; "
                + "use a MessageListener on a session");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        return createConnectionConsumer((Destination) queue, messageSelector, sessionPool, maxMessages);
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        use();
        throw new JMSException("connection consumers (ServerSessionPool) are not supported by fpm-jms; "
                + "use a MessageListener on a session");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                             ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        use();
        throw new JMSException("connection consumers (ServerSessionPool) are not supported by fpm-jms; "
                + "use a MessageListener on a session");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                              ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        use();
        throw new JMSException("connection consumers (ServerSessionPool) are not supported by fpm-jms; "
                + "use a MessageListener on a session");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector, ServerSessionPool sessionPool,
                                                                    int maxMessages) throws JMSException {
        use();
        throw new JMSException("connection consumers (ServerSessionPool) are not supported by fpm-jms; "
                + "use a MessageListener on a session");
    }

    @Override
    public String toString() {
        return "FpmConnection[" + id + (clientId != null ? ", clientId=" + clientId : "") + "]";
    }
}
