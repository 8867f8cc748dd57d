package dev.fpmjms.artemis;

import dev.fpmjms.config.SubscriptionId;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;
import org.apache.activemq.artemis.jms.client.ActiveMQQueue;

import java.util.Objects;

/**
 * How a worker queue is laid out in Artemis. Worker queue {@code Q} is the ANYCAST address
 * {@code Q} with two durable queues, told apart by a filter on {@code JMS_FPM_STATUS}, which every
 * reply carries and no request does:
 * <ul>
 *   <li>{@code Q} ({@code JMS_FPM_STATUS IS NOT NULL}): the replies, where Java consumers,
 *       browsers and selectors of queue {@code Q} read (as on the inbound side in embedded mode);</li>
 *   <li>{@code fpm.requests.Q} ({@code JMS_FPM_STATUS IS NULL}): the requests, read only by the
 *       dispatchers (through the fully qualified name {@code Q::fpm.requests.Q}).</li>
 * </ul>
 * A send to {@code Q} by any client is therefore a request, a reply sent to {@code Q} lands where
 * {@code Q}'s consumers read, and JMSDestination stays {@code Q} on both.
 *
 * <p>A topic subscription served by a route ({@code subscription.<topic>.<name>}) is the durable
 * MULTICAST queue of a shared durable subscription without client ID on the topic's address: the
 * queue the Artemis JMS client itself uses for {@code createSharedDurableConsumer(topic, name)}
 * (named {@code name}, dots escaped), consumed by the dispatchers through its fully qualified name
 * {@code topic::name}. Stateless.
 */
final class WorkerQueues {
    /** The prefix of a worker queue's request queue name. */
    static final String REQUESTS_PREFIX = "fpm.requests.";
    /** Selects replies: every reply has a status. */
    static final String REPLY_FILTER = "JMS_FPM_STATUS IS NOT NULL";
    /** Selects requests. */
    static final String REQUEST_FILTER = "JMS_FPM_STATUS IS NULL";

    private WorkerQueues() {
    }

    /** The name of the Artemis queue holding {@code queue}'s requests. */
    static String requestQueue(String queue) {
        return REQUESTS_PREFIX + queue;
    }

    /** The destination the dispatchers of {@code queue} consume (its fully qualified request queue). */
    static ActiveMQQueue requests(String queue) {
        return ActiveMQDestination.createQueue(queue + "::" + requestQueue(queue));
    }

    /** The name of the Artemis queue of a subscription: the Artemis JMS client's own for a shared durable one without client ID. */
    static String subscriptionQueue(SubscriptionId id) {
        return ActiveMQDestination.createQueueNameForSubscription(true, null, id.name()).toString();
    }

    /** The fully qualified name ({@code topic::queue}) of a subscription's queue: where dispatchers consume and retries go. */
    static String subscriptionAddress(SubscriptionId id) {
        return id.topic() + "::" + subscriptionQueue(id);
    }

    /** The destination the dispatchers of a subscription consume. */
    static ActiveMQQueue subscriptionRequests(SubscriptionId id) {
        return ActiveMQDestination.createQueue(subscriptionAddress(id));
    }

    /**
     * Creates the subscription's durable MULTICAST queue on the topic's address unless it exists
     * (made by another dispatcher, or by a Java {@code createSharedDurableConsumer} of that name).
     * Blocks for a round trip.
     *
     * @throws IllegalStateException when a queue of that name exists on another address or with a
     *                               filter (a worker queue or a subscription of that name elsewhere)
     */
    static void declareSubscription(ClientSession session, SubscriptionId id) throws ActiveMQException {
        ensure(session, id.topic(), subscriptionQueue(id), null, RoutingType.MULTICAST);
    }

    /**
     * Creates the address and both queues of worker queue {@code queue} unless they exist.
     * Blocks for a round trip per queue.
     *
     * @throws IllegalStateException when a queue of that name exists with another filter or on
     *                               another address (typically {@code Q} auto-created by a send
     *                               before the worker queue was declared), naming what to fix
     */
    static void declare(ClientSession session, String queue) throws ActiveMQException {
        ensure(session, queue, queue, REPLY_FILTER, RoutingType.ANYCAST);
        ensure(session, queue, requestQueue(queue), REQUEST_FILTER, RoutingType.ANYCAST);
    }

    /** Creates plain queue {@code queue} (on address {@code queue}) unless it exists. */
    static void declarePlain(ClientSession session, String queue) throws ActiveMQException {
        ensure(session, queue, queue, null, RoutingType.ANYCAST);
    }

    private static void ensure(ClientSession session, String address, String name, String filter, RoutingType routing)
            throws ActiveMQException {
        if (!exists(session, address, name, filter)) {
            try {
                session.createQueue(QueueConfiguration.of(name).setAddress(address).setRoutingType(routing)
                        .setFilterString(filter).setDurable(true).setAutoCreateAddress(true).setAutoCreated(false));
            } catch (ActiveMQQueueExistsException raced) {
                exists(session, address, name, filter); // another process declared it: check it is the same
            }
        }
    }

    private static boolean exists(ClientSession session, String address, String name, String filter) throws ActiveMQException {
        ClientSession.QueueQuery q = session.queueQuery(SimpleString.of(name));
        if (!q.isExists()) {
            return false;
        }
        String actualFilter = q.getFilterString() == null ? null : q.getFilterString().toString();
        String actualAddress = q.getAddress() == null ? null : q.getAddress().toString();
        if (!Objects.equals(actualFilter, filter) || !address.equals(actualAddress)) {
            throw new IllegalStateException("Artemis queue '" + name + "' exists on address '" + actualAddress
                    + "' with filter " + (actualFilter == null ? "none" : "'" + actualFilter + "'")
                    + ", but fpm-jms needs it on address '" + address + "' with filter "
                    + (filter == null ? "none" : "'" + filter + "'")
                    + (filter == null ? "" : " (was it auto-created by a send before the worker queue was declared?"
                    + " Declare worker queues first: start a dispatcher or an application with the route)")
                    + "; it holds " + q.getMessageCount() + " messages: move them and delete the queue");
        }
        return true;
    }
}
