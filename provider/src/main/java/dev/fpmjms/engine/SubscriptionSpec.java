package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a consumer asks for when it subscribes to a topic.
 *
 * @param kind         the sort of subscription
 * @param clientId     the connection's client ID, or {@code null} (required for {@link SubscriptionKind#DURABLE})
 * @param name         the subscription name; {@code null} only for {@link SubscriptionKind#NON_DURABLE}
 * @param topic        a topic or temporary topic
 * @param selectorText the selector as written, or {@code null}; subscriptions compare it
 * @param selector     the compiled selector, or {@code null} for all messages
 * @param noLocal      leave out messages sent by {@code connectionId}
 * @param connectionId the subscribing connection
 */
public record SubscriptionSpec(SubscriptionKind kind, String clientId, String name, DestinationRef topic,
                               String selectorText, Predicate<FpmEnvelope> selector, boolean noLocal,
                               String connectionId) {

    public SubscriptionSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(connectionId, "connectionId");
        if (!topic.isTopic()) {
            throw new IllegalArgumentException("not a topic: " + topic);
        }
        if (kind != SubscriptionKind.NON_DURABLE && (name == null || name.isBlank())) {
            throw new IllegalArgumentException("a " + kind + " subscription needs a name, was: '" + name + "'");
        }
        if (selectorText != null && selectorText.isBlank()) {
            selectorText = null;
        }
    }
}
