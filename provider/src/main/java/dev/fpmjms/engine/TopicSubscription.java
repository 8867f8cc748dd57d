package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One subscription to a topic: a {@link LocalQueue} that receives a copy of each message
 * published to the topic that its selector accepts (and, with {@code noLocal}, that another
 * connection sent). Its consumers read the queue as they read any queue, with its priority,
 * expiry, delivery delay, limits, acknowledgement and transactions.
 *
 * <p>Made and ended by {@link FpmEngine#subscribe} and {@link FpmEngine#closeSubscription}; an
 * unshared non-durable subscription has one consumer and ends with it, a shared one ends with its
 * last consumer, a durable one lives until it is unsubscribed. Immutable apart from the consumer
 * count, which the engine's topic lock guards; thread-safe.
 */
public final class TopicSubscription {
    private final SubscriptionKind kind;
    private final String clientId;
    private final String name;
    private final DestinationRef topic;
    private final String selectorText;
    private final Predicate<FpmEnvelope> selector;
    private final boolean noLocal;
    private final String connectionId;
    private final LocalQueue queue;
    private final boolean servedByRoute;
    /** Open consumers; guarded by the engine's topic lock. */
    int consumers;

    /**
     * @param servedByRoute whether PHP serves it ({@code subscription.<topic>.<name>}): its queue is
     *                      then a worker queue's outbound side, which no Java consumer may open and
     *                      nobody may unsubscribe
     */
    TopicSubscription(SubscriptionSpec spec, LocalQueue queue, boolean servedByRoute) {
        this.kind = spec.kind();
        this.clientId = spec.clientId();
        this.name = spec.name();
        this.topic = spec.topic();
        this.selectorText = spec.selectorText();
        this.selector = spec.selector();
        this.noLocal = spec.noLocal();
        this.connectionId = spec.connectionId();
        this.queue = Objects.requireNonNull(queue, "queue");
        this.servedByRoute = servedByRoute;
    }

    /** Whether a route serves this subscription (fan-out to PHP) rather than Java consumers. */
    public boolean servedByRoute() {
        return servedByRoute;
    }

    /** Whether a message published to the topic goes to this subscription. */
    boolean accepts(FpmEnvelope envelope) {
        if (noLocal && connectionId != null && connectionId.equals(envelope.origin())) {
            return false;
        }
        return selector == null || selector.test(envelope);
    }

    /** The queue this subscription's consumers read. */
    public LocalQueue queue() {
        return queue;
    }

    public SubscriptionKind kind() {
        return kind;
    }

    public DestinationRef topic() {
        return topic;
    }

    /** The subscription name, {@code null} for an unshared non-durable subscription. */
    public String name() {
        return name;
    }

    /** The client ID it belongs to, or {@code null}. */
    public String clientId() {
        return clientId;
    }

    String selectorText() {
        return selectorText;
    }

    boolean noLocal() {
        return noLocal;
    }

    @Override
    public String toString() {
        return "TopicSubscription[" + kind + " " + (name == null ? "" : name + " ") + "on " + topic + "]";
    }
}
