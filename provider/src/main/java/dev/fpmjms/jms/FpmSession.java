package dev.fpmjms.jms;

import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.BrowseView;
import dev.fpmjms.engine.LocalQueue;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.message.FpmBytesMessage;
import dev.fpmjms.message.FpmMapMessage;
import dev.fpmjms.message.FpmMessage;
import dev.fpmjms.message.FpmObjectMessage;
import dev.fpmjms.message.FpmStreamMessage;
import dev.fpmjms.message.FpmTextMessage;
import dev.fpmjms.selector.FpmSelector;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import dev.fpmjms.engine.SubscriptionKind;
import dev.fpmjms.engine.SubscriptionSpec;
import dev.fpmjms.engine.TopicSubscription;
import jakarta.jms.TransactionRolledBackException;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A session: a single-threaded context for producing and consuming, with its acknowledgement
 * mode or local transaction.
 *
 * <ul>
 *   <li>AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE: a received message is acknowledged before
 *       {@code receive} returns, a listener's message when {@code onMessage} returns; a listener
 *       that throws gets the message again at once (after {@value #MAX_LISTENER_DELIVERIES}
 *       deliveries it goes to the dead-letter queue).</li>
 *   <li>CLIENT_ACKNOWLEDGE: {@code message.acknowledge()} acknowledges every message the session
 *       has consumed so far; {@link #recover()} gives back the others.</li>
 *   <li>SESSION_TRANSACTED: sends are buffered until {@link #commit()}, which hands them to the
 *       engine together and acknowledges what was received; {@link #rollback()} drops the sends
 *       and gives back what was received, counted as delivered.</li>
 * </ul>
 * MessageListeners of a session run on one session thread ({@link SessionDispatcher}); a
 * session with a listener does not allow synchronous receives.
 *
 * <p>Like every JMS session, not for concurrent use, except {@link #close()}.
 */
public final class FpmSession implements QueueSession, TopicSession {
    /** Deliveries to a throwing listener (AUTO/DUPS_OK) before the message is dead-lettered. */
    static final int MAX_LISTENER_DELIVERIES = 10;

    private static final AtomicLong COUNTER = new AtomicLong();

    private final FpmConnection connection;
    private final FpmEngine engine;
    private final int mode;
    /** Made by createQueueSession: topic methods throw IllegalStateException (QueueSession Javadoc). */
    private final boolean queueOnly;
    /** Made by createTopicSession: queue methods throw IllegalStateException (TopicSession Javadoc). */
    private final boolean topicOnly;
    private final long number;
    private final String name;
    private final FacadeGuard guard;
    private final SessionDispatcher dispatcher = new SessionDispatcher(this);
    private final SessionDelivery delivery;
    private final SessionSender sender;
    private final CopyOnWriteArrayList<FpmMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final Set<FpmMessageProducer> producers = ConcurrentHashMap.newKeySet();
    private final Set<FpmQueueBrowser> browsers = ConcurrentHashMap.newKeySet();

    FpmSession(FpmConnection connection, int mode, boolean queueOnly, boolean topicOnly) {
        this.topicOnly = topicOnly;
        this.connection = connection;
        this.engine = connection.engine();
        this.mode = mode;
        this.queueOnly = queueOnly;
        this.number = COUNTER.incrementAndGet();
        this.name = "session-" + number;
        this.guard = new FacadeGuard(name + " of " + connection.id());
        this.delivery = new SessionDelivery(this);
        this.sender = new SessionSender(this, connection, engine, guard, new AsyncSends(this));
    }

    String name() {
        return name;
    }

    /** Unique among the sessions of this JVM; the origin of the messages it sends. */
    long number() {
        return number;
    }

    FpmConnection connection() {
        return connection;
    }

    FacadeGuard guard() {
        return guard;
    }

    SessionDispatcher dispatcher() {
        return dispatcher;
    }

    List<FpmMessageConsumer> consumers() {
        return consumers;
    }

    boolean canDeliver() {
        return !guard.isClosed() && connection.isStarted();
    }

    // ---- message factories ----------------------------------------------------------------

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        guard.checkOpen();
        return new FpmBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        guard.checkOpen();
        return new FpmMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        guard.checkOpen();
        return new FpmMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        guard.checkOpen();
        return new FpmObjectMessage(engine.config().objectMessageAllowList(), engine.config().objectMessageLimits());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        ObjectMessage m = createObjectMessage();
        m.setObject(object);
        return m;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        guard.checkOpen();
        return new FpmStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        guard.checkOpen();
        return new FpmTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        guard.checkOpen();
        return new FpmTextMessage(text);
    }

    // ---- transaction and acknowledgement --------------------------------------------------

    @Override
    public boolean getTransacted() throws JMSException {
        guard.checkOpen();
        return mode == SESSION_TRANSACTED;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        guard.checkOpen();
        return mode;
    }

    /**
     * Sends the buffered messages (all to the engine together) and acknowledges the received ones.
     *
     * @throws TransactionRolledBackException when the sends failed (e.g. a full queue); the
     *                                        transaction was rolled back
     * @throws IllegalStateException          when not transacted, closed, or called from a
     *                                        CompletionListener of this session
     */
    @Override
    public void commit() throws JMSException {
        checkTransactionCall("commit");
        sender.awaitAsyncSends("commit");
        List<FpmEnvelope> sends = sender.takePendingSends();
        try {
            FacadeGuard.translated("commit " + name, () -> {
                engine.sendAll(sends);
                return null;
            });
        } catch (JMSException e) {
            delivery.releaseAll();
            dispatcher.schedule();
            TransactionRolledBackException rolledBack = new TransactionRolledBackException(
                    "commit of " + name + " failed and was rolled back: " + e.getMessage());
            rolledBack.setLinkedException(e);
            rolledBack.initCause(e);
            throw rolledBack;
        }
        delivery.acknowledgeAll();
    }

    /** Drops the buffered sends and gives back the received messages, counted as delivered. */
    @Override
    public void rollback() throws JMSException {
        checkTransactionCall("rollback");
        sender.awaitAsyncSends("rollback");
        sender.takePendingSends();
        delivery.releaseAll();
        dispatcher.schedule();
    }

    private void checkTransactionCall(String operation) throws IllegalStateException {
        guard.checkOpen();
        if (mode != SESSION_TRANSACTED) {
            throw new IllegalStateException(operation + "() needs a transacted session; " + name + " is not transacted");
        }
        if (AsyncSends.currentSession() == this) {
            throw new IllegalStateException("a CompletionListener must not call " + operation + "() on its own session");
        }
    }

    /**
     * Gives back every unacknowledged message, counted as delivered, in order; in
     * AUTO_ACKNOWLEDGE mode, called from a listener, the message being handled comes again.
     *
     * @throws IllegalStateException when transacted or closed
     */
    @Override
    public void recover() throws JMSException {
        guard.checkOpen();
        if (mode == SESSION_TRANSACTED) {
            throw new IllegalStateException("recover() is not allowed on transacted " + name + "; use rollback()");
        }
        delivery.recover();
        dispatcher.schedule();
    }

    /** What {@code message.acknowledge()} does in CLIENT_ACKNOWLEDGE mode. */
    void acknowledgeConsumed() throws JMSException {
        guard.checkOpen();
        delivery.acknowledgeAll();
    }

    SessionDelivery delivery() {
        return delivery;
    }

    int mode() {
        return mode;
    }

    FpmEngine engine() {
        return engine;
    }

    // ---- sending: see SessionSender ----------------------------------------------------------

    /** The one send path of the facade; see {@link SessionSender#send}. */
    void send(DestinationRef ref, Message message, SendOptions options, CompletionListener completion) throws JMSException {
        sender.send(ref, message, options, completion);
    }

    /** Waits for pending asynchronous sends; used by producers when they close. */
    void awaitAsyncSends() throws JMSException {
        sender.awaitAsyncSendsForClose();
    }

    // ---- producers, consumers, browsers ---------------------------------------------------

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        guard.checkOpen();
        DestinationRef ref = null;
        if (destination != null) {
            DestinationRef r = connection.mapper().toRef(destination);
            guard.engine("create producer for " + destination, () -> {
                engine.checkDestination(r);
                return null;
            });
            ref = r;
        }
        FpmMessageProducer p = new FpmMessageProducer(this, destination, ref);
        producers.add(p);
        return p;
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return (QueueSender) createProducer(queue);
    }

    /** The engine reference of a destination for sending; checks that it exists. */
    DestinationRef sendTarget(Destination destination) throws JMSException {
        if (destination == null) {
            throw new InvalidDestinationException("destination is null");
        }
        return connection.mapper().toRef(destination);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    /**
     * Creates a consumer. On a topic it has a non-durable subscription of its own; {@code noLocal}
     * then leaves out the messages this connection publishes. On a queue {@code noLocal} has no
     * effect: on a worker queue the messages consumers see are the PHP workers' replies.
     */
    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        return newConsumer(destination, messageSelector, noLocal);
    }

    FpmMessageConsumer newConsumer(Destination destination, String messageSelector) throws JMSException {
        return newConsumer(destination, messageSelector, false);
    }

    FpmMessageConsumer newConsumer(Destination destination, String messageSelector, boolean noLocal) throws JMSException {
        guard.checkOpen();
        DestinationRef ref = consumerRef(destination);
        if (ref.isTopic()) {
            return newTopicConsumer(destination, ref, SubscriptionKind.NON_DURABLE, null, messageSelector, noLocal);
        }
        Predicate<FpmEnvelope> selector = FpmSelector.compile(messageSelector);
        LocalQueue queue = guard.engine("create consumer on " + destination, () -> engine.consumerQueue(ref));
        FpmMessageConsumer c = new FpmMessageConsumer(this, destination, ref, messageSelector, queue, selector);
        consumers.add(c);
        if (guard.isClosed()) {
            c.close();
            guard.checkOpen();
        }
        return c;
    }

    private DestinationRef consumerRef(Destination destination) throws JMSException {
        if (destination == null) {
            throw new InvalidDestinationException("destination is null");
        }
        DestinationRef ref = connection.mapper().toRef(destination);
        if (ref.kind() == DestinationRef.Kind.TEMPORARY_TOPIC) {
            String owner = engine.temporaryTopicOwner(ref);
            if (owner == null) {
                throw new InvalidDestinationException("temporary topic " + ref.name() + " has been deleted");
            }
            if (!owner.equals(connection.id())) {
                throw new InvalidDestinationException("temporary topic " + ref.name()
                        + " belongs to another connection; only the connection that created it may subscribe to it");
            }
        }
        if (ref.kind() == DestinationRef.Kind.TEMPORARY_QUEUE) {
            String owner = engine.temporaryQueueOwner(ref);
            if (owner == null) {
                throw new InvalidDestinationException("temporary queue " + ref.name() + " has been deleted");
            }
            if (!owner.equals(connection.id())) {
                throw new InvalidDestinationException("temporary queue " + ref.name()
                        + " belongs to another connection; only the connection that created it may consume from it");
            }
        }
        return ref;
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return newConsumer(queue, null);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return newConsumer(queue, messageSelector);
    }

    void consumerClosed(FpmMessageConsumer c) {
        consumers.remove(c);
    }

    void producerClosed(FpmMessageProducer p) {
        producers.remove(p);
    }

    void browserClosed(FpmQueueBrowser b) {
        browsers.remove(b);
    }

    long openConsumersOn(DestinationRef ref) {
        return consumers.stream().filter(c -> c.ref().equals(ref) && !c.guard().isClosed()).count();
    }

    /** Whether a consumer of this session has a MessageListener (synchronous receives are then refused). */
    boolean hasListener() {
        for (FpmMessageConsumer c : consumers) {
            if (c.listener() != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        guard.checkOpen();
        queueMethod("createBrowser");
        DestinationRef ref = consumerRef(queue);
        Predicate<FpmEnvelope> selector = FpmSelector.compile(messageSelector);
        BrowseView view = guard.engine("create browser on " + queue, () -> engine.browseView(ref));
        FpmQueueBrowser b = new FpmQueueBrowser(this, queue, messageSelector, view, selector);
        browsers.add(b);
        return b;
    }

    // ---- destinations ---------------------------------------------------------------------

    /**
     * A queue object for a name. Whether the queue exists is checked when it is used (producers,
     * consumers, browsers, sends), as the spec allows.
     */
    @Override
    public Queue createQueue(String queueName) throws JMSException {
        guard.checkOpen();
        queueMethod("createQueue");
        try {
            return new FpmQueue(queueName);
        } catch (IllegalArgumentException e) {
            throw new InvalidDestinationException(e.getMessage());
        }
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        guard.checkOpen();
        queueMethod("createTemporaryQueue");
        return connection.createTemporaryQueue();
    }

    // ---- close ----------------------------------------------------------------------------

    /**
     * Closes the session: waits for pending asynchronous sends and for a listener running on
     * another thread, closes consumers, producers and browsers, rolls back a transaction and
     * gives back unacknowledged messages. Idempotent.
     *
     * @throws IllegalStateException when called from a MessageListener or CompletionListener of
     *                               this session (spec §4.4.1: it would wait for itself)
     */
    @Override
    public void close() throws JMSException {
        if (SessionDispatcher.currentSession() == this && !guard.isClosed()) {
            throw new IllegalStateException("a MessageListener must not close its own session");
        }
        if (AsyncSends.currentSession() == this) {
            throw new IllegalStateException("a CompletionListener must not close its own session");
        }
        if (!guard.markClosed()) {
            return;
        }
        connection.sessionClosed(this);
        try {
            sender.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.deliveryLock().lock();
        try {
            for (FpmMessageConsumer c : consumers) {
                c.closeBySession();
            }
            producers.forEach(FpmMessageProducer::closeBySession);
            browsers.forEach(FpmQueueBrowser::closeBySession);
            sender.takePendingSends();
            delivery.releaseAll();
        } finally {
            dispatcher.deliveryLock().unlock();
        }
        dispatcher.shutdown();
        sender.shutdown();
        connection.wakeWaiters();
    }

    // ---- topics: see TopicSubscription -------------------------------------------------------

    /** Refuses a queue method on a TopicSession (its Javadoc lists them). */
    private void queueMethod(String operation) throws IllegalStateException {
        if (topicOnly) {
            throw new IllegalStateException(operation + "() is not allowed on a TopicSession");
        }
    }

    /** Refuses a topic method on a QueueSession (its Javadoc lists them); checks that the session is open. */
    private void topicMethod(String operation) throws IllegalStateException {
        guard.checkOpen();
        if (queueOnly) {
            throw new IllegalStateException(operation + "() is not allowed on a QueueSession");
        }
    }

    /**
     * A consumer with a topic subscription: a new non-durable one, or a named one opened (and made
     * if needed) in the engine.
     */
    private FpmMessageConsumer newTopicConsumer(Destination topic, DestinationRef ref, SubscriptionKind kind, String name,
                                                String messageSelector, boolean noLocal) throws JMSException {
        Predicate<FpmEnvelope> selector = FpmSelector.compile(messageSelector);
        SubscriptionSpec spec = new SubscriptionSpec(kind, connection.clientId(), name, ref,
                messageSelector, selector, noLocal, connection.id());
        TopicSubscription sub = guard.engine("subscribe to " + topic, () -> engine.subscribe(spec));
        FpmMessageConsumer c = new FpmMessageConsumer(this, topic, messageSelector, sub, noLocal);
        consumers.add(c);
        if (guard.isClosed()) {
            c.close();
            guard.checkOpen();
        }
        return c;
    }

    /** A named subscription's consumer: checks the topic and the name. */
    private FpmMessageConsumer namedConsumer(String operation, Topic topic, SubscriptionKind kind, String name,
                                             String messageSelector, boolean noLocal) throws JMSException {
        topicMethod(operation);
        if (name == null || name.isBlank()) {
            throw new JMSException(operation + ": the subscription name must not be null or blank, was: "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        if (topic == null) {
            throw new InvalidDestinationException(operation + ": topic is null");
        }
        DestinationRef ref = consumerRef(topic);
        if (!ref.isTopic()) {
            throw new InvalidDestinationException(operation + ": " + topic + " is not a topic");
        }
        return newTopicConsumer(topic, ref, kind, name, messageSelector, noLocal);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        topicMethod("createTopic");
        try {
            return new FpmTopic(topicName);
        } catch (IllegalArgumentException e) {
            throw new InvalidDestinationException(e.getMessage());
        }
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        topicMethod("createTemporaryTopic");
        return connection.createTemporaryTopic();
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return createSubscriber(topic, null, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return newConsumer(topic, messageSelector, noLocal);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return (TopicPublisher) createProducer(topic);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    /**
     * An unshared durable subscription's consumer; needs the connection's client ID.
     *
     * @throws IllegalStateException no client ID, or the subscription has an active consumer
     */
    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return namedConsumer("createDurableSubscriber", topic, SubscriptionKind.DURABLE, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return namedConsumer("createDurableConsumer", topic, SubscriptionKind.DURABLE, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        return namedConsumer("createSharedConsumer", topic, SubscriptionKind.SHARED, sharedSubscriptionName,
                messageSelector, false);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        return namedConsumer("createSharedDurableConsumer", topic, SubscriptionKind.SHARED_DURABLE, name,
                messageSelector, false);
    }

    /**
     * Deletes a durable subscription of this connection's client ID (or, without one, a shared
     * durable subscription made without a client ID) and the messages it holds.
     *
     * @throws InvalidDestinationException no such durable subscription
     * @throws IllegalStateException       it has an active consumer
     */
    @Override
    public void unsubscribe(String subscriptionName) throws JMSException {
        topicMethod("unsubscribe");
        guard.engine("unsubscribe '" + subscriptionName + "'", () -> {
            engine.unsubscribe(connection.clientId(), subscriptionName);
            return null;
        });
    }

    /** Session-level listeners (for application-server session pools) are not supported. */
    @Override
    public MessageListener getMessageListener() throws JMSException {
        guard.checkOpen();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        guard.checkOpen();
        throw new JMSException("session-level MessageListeners (ServerSessionPool) are not supported by fpm-jms; "
                + "set the listener on a MessageConsumer");
    }

    /** Part of the application-server facility that fpm-jms does not offer. */
    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run() (ServerSessionPool) is not supported by fpm-jms");
    }

    @Override
    public String toString() {
        return "FpmSession[" + guard.name() + "]";
    }
}
