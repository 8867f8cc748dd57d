package dev.fpmjms.artemis;

import dev.fpmjms.config.SubscriptionId;
import dev.fpmjms.envelope.DestinationRef;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a replay sends a dead letter on the broker, from its {@code JMS_FPM_ORIGINAL_DESTINATION}:
 * a worker queue {@code Q} whose request queue {@code fpm.requests.Q} exists on address {@code Q}
 * (sent to {@code Q}, ANYCAST: it lands on the request queue as any request does), or a
 * subscription {@code topic::name} whose queue exists on the topic's address (sent to that queue
 * alone, as the dispatcher's retries are). The broker is the judge, not a configuration: a worker
 * queue declared by any process of the deployment is a target. Anything else (a {@code KIND:name}
 * destination of a reply or listener failure, a queue that is not a worker queue, a missing
 * property) has no target. One instance per operation: answers are cached for its length.
 * Used by one thread; {@link #of} blocks for a round trip per new name.
 */
final class ReplayTargets {
    /** A replay's target: the address to send to and its routing type. */
    record Target(String address, RoutingType routing) {
    }

    private final ClientSession session;
    private final Map<String, Optional<Target>> known = new HashMap<>();

    ReplayTargets(ClientSession session) {
        this.session = session;
    }

    /** The target of a dead letter whose {@code JMS_FPM_ORIGINAL_DESTINATION} is {@code original}, or {@code null}. */
    Target of(String original) throws ActiveMQException {
        if (original == null || original.isEmpty() || isKindForm(original)) {
            return null;
        }
        Optional<Target> t = known.get(original);
        if (t == null) {
            t = Optional.ofNullable(lookUp(original));
            known.put(original, t);
        }
        return t.orElse(null);
    }

    private static boolean isKindForm(String name) {
        for (DestinationRef.Kind kind : DestinationRef.Kind.values()) {
            if (name.startsWith(kind.name() + ":")) {
                return true;
            }
        }
        return false;
    }

    private Target lookUp(String original) throws ActiveMQException {
        if (SubscriptionId.isSubscriptionQueue(original)) {
            SubscriptionId id;
            try {
                id = SubscriptionId.ofQueueName(original);
            } catch (IllegalArgumentException notASubscription) {
                return null;
            }
            return exists(WorkerQueues.subscriptionQueue(id), id.topic())
                    ? new Target(WorkerQueues.subscriptionAddress(id), RoutingType.MULTICAST) : null;
        }
        return exists(WorkerQueues.requestQueue(original), original) ? new Target(original, RoutingType.ANYCAST) : null;
    }

    private boolean exists(String queue, String address) throws ActiveMQException {
        ClientSession.QueueQuery q = session.queueQuery(SimpleString.of(queue));
        return q.isExists() && q.getAddress() != null && address.equals(q.getAddress().toString());
    }
}
