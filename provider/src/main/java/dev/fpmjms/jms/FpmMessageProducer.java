package dev.fpmjms.jms;

import dev.fpmjms.envelope.DestinationRef;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

/**
 * A producer, bound to a destination or anonymous ({@code null} destination: every send names
 * one). A send to a worker queue hands the message to the engine, which dispatches it to PHP;
 * {@code send} returns once the engine has accepted it (it blocks while the queue is full, per
 * the configured policy).
 *
 * <p>Failures: an unknown or deleted queue is an {@code InvalidDestinationException} (naming the
 * queues that exist), a full queue a {@code ResourceAllocationException}, an interrupt a
 * {@code JMSException} with the interrupt flag restored.
 *
 * <p>Like its session, not for concurrent use.
 */
public final class FpmMessageProducer implements QueueSender, TopicPublisher {
    private final FpmSession session;
    private final Destination destination;
    private final DestinationRef ref;
    private final FacadeGuard guard;
    private volatile SendOptions options = SendOptions.DEFAULTS;

    FpmMessageProducer(FpmSession session, Destination destination, DestinationRef ref) {
        this.session = session;
        this.destination = destination;
        this.ref = ref;
        this.guard = new FacadeGuard("producer " + (ref == null ? "(anonymous)" : "for " + ref)
                + " of " + session.guard().name());
    }

    // ---- settings -------------------------------------------------------------------------

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        guard.checkOpen();
        options = options.withDisableMessageId(value);
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        guard.checkOpen();
        return options.disableMessageId();
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        guard.checkOpen();
        options = options.withDisableTimestamp(value);
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        guard.checkOpen();
        return options.disableTimestamp();
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        guard.checkOpen();
        options = options.withDeliveryMode(deliveryMode);
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        guard.checkOpen();
        return options.deliveryMode();
    }

    @Override
    public void setPriority(int defaultPriority) throws JMSException {
        guard.checkOpen();
        options = options.withPriority(defaultPriority);
    }

    @Override
    public int getPriority() throws JMSException {
        guard.checkOpen();
        return options.priority();
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        guard.checkOpen();
        options = options.withTimeToLive(timeToLive);
    }

    @Override
    public long getTimeToLive() throws JMSException {
        guard.checkOpen();
        return options.timeToLive();
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        guard.checkOpen();
        options = options.withDeliveryDelay(deliveryDelay);
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        guard.checkOpen();
        return options.deliveryDelay();
    }

    @Override
    public Destination getDestination() throws JMSException {
        guard.checkOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        guard.checkOpen();
        return destination instanceof Queue ? (Queue) destination : null;
    }

    @Override
    public Topic getTopic() throws JMSException {
        guard.checkOpen();
        return destination instanceof Topic ? (Topic) destination : null;
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send((Destination) topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send((Destination) topic, message, deliveryMode, priority, timeToLive);
    }

    // ---- sends: every variant ends in send(Destination, boolean, ...) ----------------------

    @Override
    public void send(Message message) throws JMSException {
        send(null, false, message, options, null);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(null, false, message, options.with(deliveryMode, priority, timeToLive), null);
    }

    @Override
    public void send(Destination target, Message message) throws JMSException {
        send(target, true, message, options, null);
    }

    @Override
    public void send(Destination target, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(target, true, message, options.with(deliveryMode, priority, timeToLive), null);
    }

    @Override
    public void send(Message message, CompletionListener completionListener) throws JMSException {
        send(null, false, message, options, requireListener(completionListener));
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        send(null, false, message, options.with(deliveryMode, priority, timeToLive), requireListener(completionListener));
    }

    @Override
    public void send(Destination target, Message message, CompletionListener completionListener) throws JMSException {
        send(target, true, message, options, requireListener(completionListener));
    }

    @Override
    public void send(Destination target, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        send(target, true, message, options.with(deliveryMode, priority, timeToLive), requireListener(completionListener));
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    private static CompletionListener requireListener(CompletionListener l) {
        if (l == null) {
            throw new IllegalArgumentException("CompletionListener must not be null");
        }
        return l;
    }

    private void send(Destination target, boolean targetGiven, Message message, SendOptions sendOptions,
                      CompletionListener completion) throws JMSException {
        guard.checkOpen();
        DestinationRef to;
        if (targetGiven) {
            if (destination != null) {
                throw new UnsupportedOperationException(guard.name() + " was created for " + destination
                        + "; use send(message) or an anonymous producer");
            }
            if (target == null) {
                throw new InvalidDestinationException("destination is null");
            }
            to = session.sendTarget(target);
        } else {
            if (destination == null) {
                throw new UnsupportedOperationException(guard.name() + " has no destination; use send(destination, message)");
            }
            to = ref;
        }
        session.send(to, message, sendOptions, completion);
    }

    // ---- close ----------------------------------------------------------------------------

    /**
     * Closes the producer after its pending asynchronous sends. Idempotent.
     *
     * @throws jakarta.jms.IllegalStateException when called from a CompletionListener of the session
     */
    @Override
    public void close() throws JMSException {
        if (guard.isClosed()) {
            return;
        }
        session.awaitAsyncSends();
        if (guard.markClosed()) {
            session.producerClosed(this);
        }
    }

    void closeBySession() {
        guard.markClosed();
    }

    @Override
    public String toString() {
        return "FpmMessageProducer[" + guard.name() + "]";
    }
}
