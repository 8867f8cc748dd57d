package dev.fpmjms.jms;

import dev.fpmjms.engine.Delivery;
import dev.fpmjms.engine.LocalQueue;
import dev.fpmjms.engine.Subscription;
import dev.fpmjms.engine.TopicSubscription;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A consumer of a queue (of a worker queue's replies, a local queue or a temporary queue) or of a
 * topic subscription (which is a queue of its own: see {@link TopicSubscription}).
 * Receives synchronously, or through a MessageListener called on the session thread.
 *
 * <p>{@link #close()} may be called from any thread: a blocked {@code receive} returns
 * {@code null}, and a running listener is waited for (unless the caller is that listener).
 */
public final class FpmMessageConsumer implements QueueReceiver, TopicSubscriber {
    private final FpmSession session;
    private final Destination destination;
    private final DestinationRef ref;
    private final String selector;
    private final FacadeGuard guard;
    private final Subscription subscription;
    /** The topic subscription this consumer reads, or {@code null} on a queue. */
    private final TopicSubscription topicSubscription;
    private final boolean noLocal;
    private volatile MessageListener listener;

    FpmMessageConsumer(FpmSession session, Destination destination, DestinationRef ref, String selector,
                       LocalQueue queue, Predicate<FpmEnvelope> compiledSelector) {
        this(session, destination, ref, selector, queue, compiledSelector, null, false);
    }

    /**
     * A consumer of a topic subscription: the subscription has applied the selector and noLocal
     * already, so the consumer takes every message of its queue.
     */
    FpmMessageConsumer(FpmSession session, Destination destination, String selector, TopicSubscription topicSubscription,
                       boolean noLocal) {
        this(session, destination, topicSubscription.topic(), selector, topicSubscription.queue(), null,
                topicSubscription, noLocal);
    }

    private FpmMessageConsumer(FpmSession session, Destination destination, DestinationRef ref, String selector,
                               LocalQueue queue, Predicate<FpmEnvelope> compiledSelector,
                               TopicSubscription topicSubscription, boolean noLocal) {
        this.topicSubscription = topicSubscription;
        this.noLocal = noLocal;
        this.session = session;
        this.destination = destination;
        this.ref = ref;
        this.selector = selector == null || selector.isBlank() ? null : selector;
        this.guard = new FacadeGuard("consumer on " + ref + " of " + session.guard().name());
        this.subscription = queue.subscribe(compiledSelector, this::onAvailable);
    }

    private void onAvailable() {
        if (listener != null) {
            session.dispatcher().schedule();
        }
    }

    FacadeGuard guard() {
        return guard;
    }

    DestinationRef ref() {
        return ref;
    }

    Subscription subscription() {
        return subscription;
    }

    MessageListener listener() {
        return listener;
    }

    FpmSession session() {
        return session;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        guard.checkOpen();
        return selector;
    }

    @Override
    public Queue getQueue() throws JMSException {
        guard.checkOpen();
        if (!(destination instanceof Queue)) {
            throw new IllegalStateException(guard.name() + " consumes from a topic, not a queue");
        }
        return (Queue) destination;
    }

    @Override
    public Topic getTopic() throws JMSException {
        guard.checkOpen();
        if (!(destination instanceof Topic)) {
            throw new IllegalStateException(guard.name() + " consumes from a queue, not a topic");
        }
        return (Topic) destination;
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        guard.checkOpen();
        return noLocal;
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        guard.checkOpen();
        return listener;
    }

    /**
     * Sets (or with {@code null} removes) the listener; messages then arrive on the session
     * thread while the connection is started. Waits for a running listener of the session when
     * called from another thread.
     */
    @Override
    public void setMessageListener(MessageListener newListener) throws JMSException {
        guard.checkOpen();
        session.guard().checkOpen();
        if (newListener != null) {
            session.dispatcher().ensureStarted();
        }
        session.dispatcher().awaitListenerReturn();
        listener = newListener;
        if (newListener != null) {
            session.dispatcher().schedule();
        }
    }

    /** Waits for the next message; {@code null} when the consumer is closed meanwhile. */
    @Override
    public Message receive() throws JMSException {
        return receive(-1, null);
    }

    /**
     * Waits up to {@code timeout} ms (0: without limit) for the next message.
     *
     * @return the message, or {@code null} on timeout or when the consumer is closed meanwhile
     */
    @Override
    public Message receive(long timeout) throws JMSException {
        return receive(timeout <= 0 ? -1 : timeout, null);
    }

    /** The next message if one is ready now, else {@code null}. */
    @Override
    public Message receiveNoWait() throws JMSException {
        return receive(0, null);
    }

    /**
     * The receive loop shared by every receive method.
     *
     * @param timeoutMillis -1 for no limit, 0 for no wait
     * @param check         a check run on the message before it is acknowledged, or {@code null}
     */
    Message receive(long timeoutMillis, SessionDelivery.BodyCheck check) throws JMSException {
        guard.checkOpen();
        if (listener != null || session.hasListener()) {
            throw new IllegalStateException("receive is not allowed: " + session.guard().name()
                    + " delivers to a MessageListener");
        }
        long deadline = timeoutMillis < 0 ? -1
                : timeoutMillis == 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (!session.connection().awaitStarted(guard, deadline)) {
                return null;
            }
            Delivery d = take(deadline);
            if (d == null) {
                return null;
            }
            Message m = session.delivery().deliverSync(d, check);
            if (m != null) {
                return m;
            }
        }
    }

    private Delivery take(long deadline) throws JMSException {
        try {
            if (deadline == 0) {
                return subscription.poll();
            }
            if (deadline < 0) {
                return subscription.take(-1, TimeUnit.NANOSECONDS);
            }
            long remaining = deadline - System.nanoTime();
            return remaining <= 0 ? null : subscription.take(remaining, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw FacadeGuard.translate("receive on " + guard.name(), e);
        }
    }

    /** Delivers one message to the listener, if there is a listener and a message; session thread only. */
    boolean dispatchOne() {
        MessageListener l = listener;
        return l != null && !guard.isClosed() && session.delivery().deliverToListener(this, l);
    }

    /**
     * Closes the consumer: a blocked receive returns {@code null}; a listener running on another
     * thread is waited for. Unacknowledged messages it received stay with the session. Idempotent.
     */
    @Override
    public void close() throws JMSException {
        if (!guard.markClosed()) {
            return;
        }
        subscription.close();
        session.connection().wakeWaiters();
        session.dispatcher().awaitListenerReturn();
        listener = null;
        session.consumerClosed(this);
        endTopicSubscription();
    }

    /** Closing by the session, which already holds the delivery lock. */
    void closeBySession() {
        if (guard.markClosed()) {
            subscription.close();
            listener = null;
            session.consumerClosed(this);
            endTopicSubscription();
        }
    }

    /** Tells the engine this consumer left its topic subscription (a non-durable one ends with it). */
    private void endTopicSubscription() {
        if (topicSubscription != null) {
            session.engine().closeSubscription(topicSubscription);
        }
    }

    @Override
    public String toString() {
        return "FpmMessageConsumer[" + guard.name() + (selector != null ? ", selector=" + selector : "") + "]";
    }
}
