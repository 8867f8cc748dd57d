package dev.fpmjms.artemis;

import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.config.SubscriptionId;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeadLetters;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.FailureReplies;
import dev.fpmjms.gateway.OutcomeRules;
import dev.fpmjms.gateway.WorkerGateway;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a dispatcher does with one request and the outcome of its attempt: the envelope PHP sees,
 * the delivery through the gateway, and the sends its outcome calls for on the dispatcher's
 * transacted session, which the dispatcher then commits together with the request's
 * acknowledgement ({@code docs/delivery-outcomes.md}, the same rules as in embedded mode):
 * <ul>
 *   <li>{@code SUCCESS}: the reply goes to JMSReplyTo, else the worker queue's reply side
 *       (unless the route discards replies);</li>
 *   <li>{@code NOT_DELIVERED}: php-fpm was not reached; nothing is sent, the dispatcher keeps the
 *       request and tries again after {@link #unreachableBackoffMillis}, not counted;</li>
 *   <li>a failure: retried or dead-lettered by {@link OutcomeRules} (the worker's
 *       {@code X-Fpmjms-Retry}, 4xx, permanent failures, {@code maxAttempts}); a retry is the
 *       request sent again with the delay as its delivery delay; a dead letter goes with its
 *       failure reply to JMSReplyTo, when the route sends those.</li>
 * </ul>
 * A topic subscription served by a route works the same, except that its requests' JMSDestination
 * is the topic, a retry goes back to the subscription's own queue ({@code topic::queue}, not to
 * every subscription of the topic), and a reply without a JMSReplyTo (or a destination the worker
 * named) is dropped: a subscription has no reply side ({@code docs/topics.md}).
 *
 * <p>Immutable; {@link #envelope} runs on the broker client's delivery thread, {@link #settle} on
 * the thread that owns the session. Neither blocks beyond the session's own sends.
 */
final class Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    private final String queue;
    private final FpmRoute route;
    private final WorkerGateway gateway;
    private final String deadLetterQueue;
    private final List<String> objectAllowList;
    /** The subscription this worker queue serves, or {@code null} for a worker queue. */
    private final SubscriptionId subscription;
    /** JMSDestination of the requests: the worker queue, or the subscription's topic. */
    private final DestinationRef requestDestination;

    Settlement(String queue, FpmRoute route, WorkerGateway gateway, String deadLetterQueue, List<String> objectAllowList) {
        this(queue, null, route, gateway, deadLetterQueue, objectAllowList);
    }

    /**
     * @param subscription the subscription served ({@code queue} is its {@link SubscriptionId#queueName()}),
     *                     or {@code null} for worker queue {@code queue}
     */
    Settlement(String queue, SubscriptionId subscription, FpmRoute route, WorkerGateway gateway, String deadLetterQueue,
               List<String> objectAllowList) {
        this.subscription = subscription;
        this.requestDestination = subscription == null ? DestinationRef.queue(queue) : DestinationRef.topic(subscription.topic());
        this.queue = queue;
        this.route = route;
        this.gateway = gateway;
        this.deadLetterQueue = deadLetterQueue;
        this.objectAllowList = objectAllowList;
    }

    /** The worker queue (or subscription queue name) served. */
    String queue() {
        return queue;
    }

    /** The route serving it. */
    FpmRoute route() {
        return route;
    }

    /** The request as PHP sees it ({@link RequestMessages#toEnvelope(Message, DestinationRef)}). */
    FpmEnvelope envelope(Message message) throws JMSException {
        return RequestMessages.toEnvelope(message, requestDestination);
    }

    /** One attempt through the route's gateway; never blocks, the future never fails ({@link WorkerGateway}). */
    CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
        return gateway.deliver(request);
    }

    /**
     * Sends what {@code outcome} calls for through {@code producer} of {@code session}, in its
     * transaction (not committed here).
     *
     * @return {@code true} when the request is settled (commit its acknowledgement with the sends);
     *         {@code false} for {@code NOT_DELIVERED}: nothing was sent, deliver it again later
     * @throws JMSException when the broker refuses a send (the session's transaction is then lost)
     */
    boolean settle(FpmEnvelope request, DeliveryOutcome outcome, Session session, ClientProducer producer)
            throws JMSException {
        switch (outcome.result()) {
            case SUCCESS -> {
                if (route.replyPolicy() == ReplyPolicy.KEEP && !unreadReply(outcome.reply())) {
                    RequestMessages.send(session, producer, outcome.reply(), 0, objectAllowList);
                }
                return true;
            }
            case NOT_DELIVERED -> {
                return false;
            }
            default -> {
                settleFailure(session, producer, request, outcome, route.retryPolicy());
                return true;
            }
        }
    }

    /**
     * How long a request waits before its next attempt after its {@code unreachable}-th
     * consecutive {@code NOT_DELIVERED} (the route's backoff, growing, capped); logs the first and
     * every 50th.
     */
    long unreachableBackoffMillis(int unreachable, DeliveryOutcome outcome) {
        if (unreachable == 1 || unreachable % 50 == 0) {
            LOG.warn("worker queue '{}': php-fpm not reachable ({}); the request waits and is retried", queue,
                    outcome.detail());
        }
        return route.retryPolicy().jitteredBackoffMillis(Math.min(unreachable, 30));
    }

    /** A failed attempt, by the rules every engine follows ({@link OutcomeRules}): a retry or a dead letter. */
    private void settleFailure(Session session, ClientProducer producer, FpmEnvelope request, DeliveryOutcome outcome,
                               RetryPolicy policy) throws JMSException {
        OutcomeRules.Verdict verdict = OutcomeRules.afterFailure(outcome, request.deliveryCount(), policy);
        if (!verdict.deadLetter()) {
            LOG.debug("worker queue '{}': message {} {}", queue, request.messageId(), verdict.why());
            if (subscription == null) {
                RequestMessages.send(session, producer, RequestMessages.retry(request), verdict.retryDelayMillis(), objectAllowList);
            } else {
                RequestMessages.send(session, producer, RequestMessages.retry(request),
                        WorkerQueues.subscriptionAddress(subscription), RoutingType.MULTICAST, verdict.retryDelayMillis(),
                        objectAllowList);
            }
            return;
        }
        LOG.warn("worker queue '{}': message {} {}; dead-lettered", queue, request.messageId(), verdict.why());
        FpmEnvelope deadLetter = DeadLetters.of(queue, request, outcome, deadLetterQueue).toBuilder()
                .property(RequestMessages.ORIGINAL_MESSAGE_ID, request.messageId())
                .build();
        RequestMessages.send(session, producer, deadLetter, 0, objectAllowList);
        if (OutcomeRules.sendsFailureReply(request, route)) {
            // in the same transaction as the dead letter: a requestor never sees one without the other
            RequestMessages.send(session, producer, FailureReplies.of(queue, request, outcome), 0, objectAllowList);
        }
    }

    /** Whether a reply would go to a subscription's reply side, which does not exist: it is dropped. */
    private boolean unreadReply(FpmEnvelope reply) {
        return subscription != null && reply != null && reply.destination().equals(DestinationRef.queue(queue));
    }
}
