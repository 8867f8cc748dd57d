package dev.fpmjms.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simplified API: a connection and one session in one object. The session is made on first
 * use; with auto-start (the default) creating a consumer starts the connection.
 * {@link #createContext(int)} makes another context on the same connection, which closes when
 * its last context closes. Every failure is a {@link JMSRuntimeException} subclass matching the
 * classic API's {@code JMSException} subclass.
 *
 * <p>Like a session, not for concurrent use, except {@link #close()}.
 */
public final class FpmJMSContext implements JMSContext {
    private final FpmConnection connection;
    private final AtomicInteger connectionUsers;
    private final int sessionMode;
    /** Made by {@link #createContext(int)}: shares a connection whose client id it may not set. */
    private final boolean shared;
    private final FacadeGuard guard;
    private volatile FpmSession session;
    private volatile boolean autoStart = true;

    FpmJMSContext(FpmConnection connection, int sessionMode) {
        this(connection, sessionMode, new AtomicInteger(1), false);
    }

    private FpmJMSContext(FpmConnection connection, int sessionMode, AtomicInteger connectionUsers, boolean shared) {
        this.connection = connection;
        this.sessionMode = sessionMode;
        this.connectionUsers = connectionUsers;
        this.shared = shared;
        this.guard = new FacadeGuard("JMSContext on " + connection.id());
    }

    static void checkSessionMode(int mode) {
        if (mode < SESSION_TRANSACTED || mode > DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("invalid session mode " + mode + "; expected SESSION_TRANSACTED (0), "
                    + "AUTO_ACKNOWLEDGE (1), CLIENT_ACKNOWLEDGE (2) or DUPS_OK_ACKNOWLEDGE (3)");
        }
    }

    /** The context's session, made on first use. */
    FpmSession session() {
        FacadeGuard.runtimeAction(guard::checkOpen);
        FpmSession s = session;
        if (s == null) {
            synchronized (this) {
                s = session;
                if (s == null) {
                    s = FacadeGuard.runtime(() -> connection.newSession(sessionMode, false));
                    session = s;
                }
            }
        }
        return s;
    }

    private void open() {
        FacadeGuard.runtimeAction(guard::checkOpen);
    }

    @Override
    public JMSContext createContext(int mode) {
        open();
        checkSessionMode(mode);
        connectionUsers.incrementAndGet();
        return new FpmJMSContext(connection, mode, connectionUsers, true);
    }

    @Override
    public JMSProducer createProducer() {
        session();
        return new FpmJMSProducer(this);
    }

    /** The send path of {@link FpmJMSProducer}. */
    void send(Destination destination, Message message, SendOptions options, CompletionListener completion) {
        FpmSession s = session();
        FacadeGuard.runtimeAction(() -> s.send(s.sendTarget(destination), message, options, completion));
    }

    // ---- connection -----------------------------------------------------------------------

    @Override
    public String getClientID() {
        open();
        return FacadeGuard.runtime(connection::getClientID);
    }

    /**
     * Sets the connection's client id, before anything else is done with it.
     *
     * @throws IllegalStateRuntimeException on a context made by {@link #createContext(int)}, or
     *                                      when the connection is already in use
     */
    @Override
    public void setClientID(String clientID) {
        open();
        if (shared) {
            throw new IllegalStateRuntimeException("the client id cannot be set on a JMSContext made by createContext(int)");
        }
        FacadeGuard.runtimeAction(() -> connection.setClientID(clientID));
    }

    @Override
    public ConnectionMetaData getMetaData() {
        open();
        return FacadeGuard.runtime(connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        open();
        return FacadeGuard.runtime(connection::getExceptionListener);
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        open();
        FacadeGuard.runtimeAction(() -> connection.setExceptionListener(listener));
    }

    @Override
    public void start() {
        open();
        FacadeGuard.runtimeAction(connection::start);
    }

    @Override
    public void stop() {
        open();
        FacadeGuard.runtimeAction(connection::stop);
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        open();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        open();
        return autoStart;
    }

    /**
     * Closes the session, and the connection when this is its last context. Idempotent.
     *
     * @throws IllegalStateRuntimeException when called from a MessageListener or CompletionListener of this context
     */
    @Override
    public void close() {
        FpmSession s = session;
        if (s != null && !guard.isClosed()
                && (SessionDispatcher.currentSession() == s || AsyncSends.currentSession() == s)) {
            throw new IllegalStateRuntimeException("a MessageListener or CompletionListener must not close its own JMSContext");
        }
        if (!guard.markClosed()) {
            return;
        }
        FacadeGuard.runtimeAction(() -> {
            try {
                if (s != null) {
                    s.close();
                }
            } finally {
                if (connectionUsers.decrementAndGet() == 0) {
                    connection.close();
                }
            }
        });
    }

    // ---- messages -------------------------------------------------------------------------

    @Override
    public BytesMessage createBytesMessage() {
        return FacadeGuard.runtime(session()::createBytesMessage);
    }

    @Override
    public MapMessage createMapMessage() {
        return FacadeGuard.runtime(session()::createMapMessage);
    }

    @Override
    public Message createMessage() {
        return FacadeGuard.runtime(session()::createMessage);
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return FacadeGuard.runtime(session()::createObjectMessage);
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        FpmSession s = session();
        return FacadeGuard.runtime(() -> s.createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return FacadeGuard.runtime(session()::createStreamMessage);
    }

    @Override
    public TextMessage createTextMessage() {
        return FacadeGuard.runtime(session()::createTextMessage);
    }

    @Override
    public TextMessage createTextMessage(String text) {
        FpmSession s = session();
        return FacadeGuard.runtime(() -> s.createTextMessage(text));
    }

    // ---- transactions and acknowledgement -------------------------------------------------

    @Override
    public boolean getTransacted() {
        open();
        return sessionMode == SESSION_TRANSACTED;
    }

    @Override
    public int getSessionMode() {
        open();
        return sessionMode;
    }

    @Override
    public void commit() {
        FacadeGuard.runtimeAction(session()::commit);
    }

    @Override
    public void rollback() {
        FacadeGuard.runtimeAction(session()::rollback);
    }

    @Override
    public void recover() {
        FacadeGuard.runtimeAction(session()::recover);
    }

    /** In CLIENT_ACKNOWLEDGE mode, acknowledges every message consumed so far; otherwise does nothing. */
    @Override
    public void acknowledge() {
        FpmSession s = session();
        if (sessionMode == CLIENT_ACKNOWLEDGE) {
            FacadeGuard.runtimeAction(s::acknowledgeConsumed);
        }
    }

    // ---- consumers and browsers -----------------------------------------------------------

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return createConsumer(destination, null, false);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return createConsumer(destination, messageSelector, false);
    }

    /** {@code noLocal} has no effect on queues (see {@link FpmSession#createConsumer(Destination, String, boolean)}). */
    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        FpmSession s = session();
        return started((FpmMessageConsumer) FacadeGuard.runtime(() -> s.createConsumer(destination, messageSelector, noLocal)));
    }

    /** Wraps a consumer, starting the connection first when the context starts automatically. */
    private JMSConsumer started(FpmMessageConsumer consumer) {
        if (autoStart) {
            FacadeGuard.runtimeAction(connection::start);
        }
        return new FpmJMSConsumer(consumer);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        FpmSession s = session();
        return FacadeGuard.runtime(() -> s.createBrowser(queue, messageSelector));
    }

    @Override
    public Queue createQueue(String queueName) {
        FpmSession s = session();
        return FacadeGuard.runtime(() -> s.createQueue(queueName));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return FacadeGuard.runtime(session()::createTemporaryQueue);
    }

    // ---- topics: see FpmSession ------------------------------------------------------------

    @Override
    public Topic createTopic(String topicName) {
        return FacadeGuard.runtime(() -> session().createTopic(topicName));
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return FacadeGuard.runtime(session()::createTemporaryTopic);
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        FpmSession s = session();
        return started((FpmMessageConsumer) FacadeGuard.runtime(
                () -> s.createSharedConsumer(topic, sharedSubscriptionName, messageSelector)));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        FpmSession s = session();
        return started((FpmMessageConsumer) FacadeGuard.runtime(
                () -> s.createDurableConsumer(topic, name, messageSelector, noLocal)));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        FpmSession s = session();
        return started((FpmMessageConsumer) FacadeGuard.runtime(
                () -> s.createSharedDurableConsumer(topic, name, messageSelector)));
    }

    @Override
    public void unsubscribe(String name) {
        FpmSession s = session();
        FacadeGuard.runtimeAction(() -> s.unsubscribe(name));
    }

    @Override
    public String toString() {
        return "FpmJMSContext[" + guard.name() + "]";
    }
}
