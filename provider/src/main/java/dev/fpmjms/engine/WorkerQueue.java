package dev.fpmjms.engine;

import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyOrder;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.OutcomeRules;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.metrics.QueueCounters;
import dev.fpmjms.metrics.QueueMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A queue served by PHP workers: an outbound side whose messages are dispatched to php-fpm (at
 * most {@code maxInFlight} at a time in php-fpm, as many again waiting in the transport, the rest
 * waiting in priority order), and an inbound side
 * where the workers' replies wait for Java consumers.
 *
 * <p>Every outcome is settled by one routine per class. A success is first tried on the thread
 * that completed the delivery, usually the FastCGI transport thread, without blocking: when its
 * reply can be handed over at once (room in the target queue, and no store write or only one
 * queued for the journal without waiting) it is settled there, which saves a thread hand-off per
 * message; when the hand-over says it needs to block, the same routine runs again on the outcome
 * executor. A persistent reply is visible and frees its in-flight slot as soon as its record is
 * queued for the journal; the request is acknowledged once the reply is durable. Every other
 * outcome is applied on the engine's outcome executor (never on transport threads), because
 * handing a reply to a full queue or to the journal may block: a worker queue whose replies
 * nobody reads stops dispatching once its reply queue is full, which keeps memory bounded.
 *
 * <p>With {@code replyOrder=producer} (the default) successes whose replies come back to this
 * queue go through a {@link ProducerOrder} first, which hands them over in each producer's send
 * order; a held reply frees its in-flight slot and counts against the stage's bound instead
 * ({@value #HELD_REPLIES_PER_IN_FLIGHT} x {@code maxInFlight}). Requests with a JMSReplyTo
 * (request/reply) are not ordered: their replies go to the requester at once.
 *
 * <p>A topic subscription served by a route (fan-out to PHP) is a worker queue without an inbound
 * side: its outbound side is the subscription's queue, and a reply without a JMSReplyTo (or an
 * {@code X-Fpmjms-Destination} of its own) is dropped once the worker succeeded, since nobody reads
 * a subscription's replies and a reply side nobody reads would fill up and stop dispatch
 * ({@code docs/topics.md}).
 */
final class WorkerQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerQueue.class);
    /** Replies the reorder stage holds at most, per unit of the route's maxInFlight. */
    static final int HELD_REPLIES_PER_IN_FLIGHT = 4;

    private final String name;
    private final FpmRoute route;
    private final LocalQueue outbound;
    /** Where replies to this queue wait, or {@code null} for a subscription's worker queue (they are dropped). */
    private final LocalQueue inbound;
    private final DestinationRef ownQueue;
    private final WorkerGateway gateway;
    private final ReplyRouter replies;
    private final Executor outcomeExecutor;
    private final Clock clock;
    private final Subscription dispatchSubscription;
    /** The reorder stage, or {@code null} when the route keeps completion order or no replies. */
    private final ProducerOrder order;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger consecutiveUnreachable = new AtomicInteger();
    /** Whether php-fpm answers, and the one log line per change. */
    private final RouteReachability reachability;
    /**
     * Epoch ms before which nothing is dispatched, because php-fpm could not be reached: the
     * backoff applies to the route, not to one message, or every waiting message would be tried
     * (and refused) once per backoff. The refused message falls due at this time and its due timer
     * pumps again.
     */
    private final AtomicLong pausedUntil = new AtomicLong();
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean pumpRequested = new AtomicBoolean();
    private final QueueCounters counters = new QueueCounters();
    private volatile boolean closed;

    /**
     * @param inbound the reply side, or {@code null} for a topic subscription's worker queue, whose
     *                replies go to their JMSReplyTo or are dropped
     */
    WorkerQueue(String name, FpmRoute route, LocalQueue outbound, LocalQueue inbound, WorkerGateway gateway,
                ReplyRouter replies, Executor outcomeExecutor, Clock clock, EngineListener listener) {
        this.name = name;
        this.ownQueue = DestinationRef.queue(name);
        this.route = route;
        this.outbound = outbound;
        this.inbound = inbound;
        this.gateway = gateway;
        this.replies = replies;
        this.outcomeExecutor = outcomeExecutor;
        this.clock = clock;
        this.reachability = new RouteReachability(name, route, clock, listener);
        this.order = route.replyOrder() == ReplyOrder.PRODUCER && route.replyPolicy() == ReplyPolicy.KEEP && inbound != null
                ? new ProducerOrder(HELD_REPLIES_PER_IN_FLIGHT * route.maxInFlight(), this::settleInOrder,
                        outcomeExecutor, this::pump)
                : null;
        this.dispatchSubscription = outbound.subscribe(null, this::pump);
    }

    String name() {
        return name;
    }

    /**
     * Where this queue's requests are, for a diagnostic dump when they make no progress: handed to
     * the gateway against the dispatch window, held by the reorder stage, waiting, and the
     * gateway's own state. Any thread; a racy snapshot.
     */
    String describe() {
        LocalQueue.Holdings h = outbound.holdings();
        long paused = pausedUntil.get() - clock.millis();
        return "worker queue '" + name + "': handed to the gateway " + inFlight.get() + " of window " + dispatchWindow()
                + (paused > 0 ? ", paused for " + paused + " ms" : "") + ", pumping " + pumping.get()
                + "; outbound: memory waiting " + h.memoryWaiting() + ", memory in flight " + h.memoryInFlight()
                + ", stored " + h.stored() + ", size " + outbound.size() + " (in flight " + outbound.inFlight() + ")"
                + "; reorder stage: " + (order == null ? "none" : order.describe())
                + "; gateway: " + gateway.describeState();
    }

    /** Refuses a message this queue's gateway could never deliver with success; see {@link WorkerGateway#checkSendable}. */
    void checkSendable(FpmEnvelope request) {
        gateway.checkSendable(request);
    }

    LocalQueue outbound() {
        return outbound;
    }

    /** The reply side, or {@code null} for a topic subscription's worker queue. */
    LocalQueue inbound() {
        return inbound;
    }

    FpmRoute route() {
        return route;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** This queue's metrics now: its counters, and depths read from its two sides. Never blocks for long. */
    QueueMetrics metrics() {
        return counters.snapshot(name, route.queue(), outbound.size() - outbound.inFlight(), inFlight.get(),
                inbound == null ? 0 : inbound.size() - inbound.inFlight());
    }

    /**
     * How many deliveries this queue hands to its gateway at once: twice the route's
     * {@code maxInFlight}. The FastCGI client runs at most {@code maxInFlight} of them in php-fpm
     * (that bound protects the pool) and keeps the rest waiting, so that a child that has just
     * answered is given its next request at once by the transport thread, before the reply is even
     * decoded; with only {@code maxInFlight} handed over, each child went idle for the time it took
     * to settle the reply and dispatch the next message (docs/benchmarks.md measures the cost).
     * Messages waiting in the client are not visible to anyone else;
     * when php-fpm cannot be reached they fail as not delivered and go back to the queue.
     */
    int dispatchWindow() {
        return 2 * route.maxInFlight();
    }

    /**
     * Starts deliveries while there are free in-flight slots and ready messages. Safe to call from
     * any thread at any time; concurrent calls collapse into one loop, and a call that arrives
     * while another thread pumps makes that thread go round once more, so no wake-up is lost.
     */
    void pump() {
        pumpRequested.set(true);
        while (!closed && pumpRequested.get() && pumping.compareAndSet(false, true)) {
            try {
                pumpRequested.set(false);
                while (!closed && inFlight.get() < dispatchWindow() && clock.millis() >= pausedUntil.get()
                        && (order == null || order.hasRoom())) {
                    Delivery delivery = dispatchSubscription.poll();
                    if (delivery == null) {
                        break;
                    }
                    if (order != null && delivery.envelope().replyTo() == null) {
                        order.dispatched(delivery);
                    }
                    inFlight.incrementAndGet();
                    counters.dispatched();
                    gateway.deliver(delivery.envelope()).whenComplete(
                            (outcome, error) -> onOutcome(delivery, outcome, error));
                }
            } finally {
                pumping.set(false);
            }
        }
    }

    /** Runs on the thread that completed the delivery: settles at once when that cannot block. */
    private void onOutcome(Delivery delivery, DeliveryOutcome outcome, Throwable error) {
        if (outcome != null && error == null) {
            counters.outcome(outcome.result(), outcome.workerMillis(), outcome.replyBytes());
        } else {
            counters.outcome(DeliveryOutcome.Result.WORKER_FAILURE, DeliveryOutcome.UNKNOWN_MILLIS, DeliveryOutcome.UNKNOWN_BYTES);
        }
        if (error == null && outcome != null && outcome.result() == DeliveryOutcome.Result.SUCCESS && !closed) {
            if (order != null && order.tracks(delivery)) {
                if (repliesHere(outcome)) {
                    order.succeeded(delivery, outcome, false);
                    finished();
                    return;
                }
                order.left(delivery); // its reply goes elsewhere (or there is none): nothing to order
            }
            boolean settled;
            try {
                settled = settleSuccess(delivery, outcome, false);
            } catch (RuntimeException e) {
                couldNotSettle(delivery, e);
                settled = true;
            }
            if (settled) {
                finished();
                return;
            }
        }
        try {
            outcomeExecutor.execute(() -> settle(delivery, outcome, error));
        } catch (RejectedExecutionException e) {
            // The engine shut down: the message stays in the store (if persistent) for the next start.
            LOG.debug("worker queue '{}': outcome of message {} not applied, the engine is shut down",
                    name, delivery.envelope().messageId());
        }
    }

    private void settle(Delivery delivery, DeliveryOutcome outcome, Throwable error) {
        try {
            if (error != null) {
                outcome = DeliveryOutcome.workerFailure("gateway failed: " + error);
            }
            apply(delivery, outcome);
        } catch (RuntimeException e) {
            couldNotSettle(delivery, e);
        } finally {
            finished();
        }
    }

    /** Whether the success's reply comes back to this queue's consumers (the replies the stage orders). */
    private boolean repliesHere(DeliveryOutcome outcome) {
        FpmEnvelope reply = outcome.reply();
        return reply != null && reply.destination().kind() == DestinationRef.Kind.QUEUE
                && reply.destination().name().equals(name);
    }

    /** The reorder stage's hand-over: a success settled the one way, its failure sends the request back. */
    private boolean settleInOrder(Delivery delivery, DeliveryOutcome outcome, boolean mayBlock) {
        try {
            return settleSuccess(delivery, outcome, mayBlock);
        } catch (RuntimeException e) {
            couldNotSettle(delivery, e);
            return true;
        }
    }

    /** An outcome could not be applied: the message goes back to its queue, counted. */
    private void couldNotSettle(Delivery delivery, RuntimeException e) {
        LOG.error("worker queue '{}': could not settle message {}; it goes back to the queue",
                name, delivery.envelope().messageId(), e);
        // The stage first: once released, the message may be dispatched again (and join its line
        // as in PHP) before a later returned() could tell the two deliveries apart.
        if (order != null) {
            order.returned(delivery);
        }
        delivery.release(true, clock.millis() + route.retryPolicy().initialBackoff().toMillis());
    }

    /** A request goes back to the queue for another try; in its producer's line it keeps its place. */
    private void retryLater(Delivery delivery, boolean countAsDelivery, long notBefore) {
        if (countAsDelivery) {
            counters.retried();
        }
        if (order != null) {
            order.returned(delivery); // before the release: see couldNotSettle
        }
        delivery.release(countAsDelivery, notBefore);
    }

    /** A request is dead-lettered: it leaves its producer's line and its successors go on. */
    private void deadLettered(Delivery delivery) {
        delivery.acknowledge();
        if (order != null) {
            order.left(delivery);
        }
    }

    /** A delivery is settled: its in-flight slot is free for the next message. */
    private void finished() {
        inFlight.decrementAndGet();
        pump();
    }

    private void apply(Delivery delivery, DeliveryOutcome outcome) {
        FpmEnvelope request = delivery.envelope();
        RetryPolicy policy = route.retryPolicy();
        switch (outcome.result()) {
            case SUCCESS:
                settleSuccess(delivery, outcome, true);
                if (order != null) {
                    order.left(delivery); // settled outside the stage (the queue is closing)
                }
                return;
            case NOT_DELIVERED: {
                int failures = consecutiveUnreachable.incrementAndGet();
                reachability.notReached(outcome.detail());
                long notBefore = clock.millis() + backoff(policy, Math.min(failures, 30));
                pausedUntil.accumulateAndGet(notBefore, Math::max);
                retryLater(delivery, false, notBefore);
                return;
            }
            default:
                reachable();
                OutcomeRules.Verdict verdict = OutcomeRules.afterFailure(outcome, request.deliveryCount(), policy);
                if (verdict.deadLetter()) {
                    LOG.warn("worker queue '{}': message {} {}; dead-lettered", name, request.messageId(), verdict.why());
                    deadLetter(request, outcome);
                    deadLettered(delivery);
                } else {
                    LOG.debug("worker queue '{}': message {} {}", name, request.messageId(), verdict.why());
                    retryLater(delivery, true, clock.millis() + verdict.retryDelayMillis());
                }
        }
    }

    /**
     * Settles a success, the one way whichever thread runs it: the reply (when the route keeps
     * replies) is handed to its queue and the request acknowledged. A persistent reply to a stored
     * queue is put on its queue at once, its record queued for the journal as a deferred add
     * (forced with the next requests' batch); the in-flight slot is freed when this returns, but
     * the request is acknowledged (removed) only once the reply is durable (on the journal's
     * writer thread): a crash in between brings the request back (at-least-once), and PHP runs it
     * again. If the reply cannot be stored, the request is acknowledged all the same when the
     * reply was visible already (the journal has failed and records nothing more; the restart
     * brings the request back), else it goes back to its queue, counted.
     *
     * @param mayBlock {@code false} on a transport thread: nothing is done when the hand-over
     *                 would have to wait (for room, or for a thread that may dead-letter)
     * @return {@code false} only without {@code mayBlock}, when nothing was done and the outcome
     *         must be applied on a thread that may block
     */
    private boolean settleSuccess(Delivery delivery, DeliveryOutcome outcome, boolean mayBlock) {
        reachable();
        if (route.replyPolicy() == ReplyPolicy.KEEP && !unreadReply(outcome.reply())) {
            ReplyHandOff handOff = replies.handOverReply(name, delivery.envelope(), outcome.reply(), mayBlock);
            if (handOff == ReplyHandOff.NEEDS_TO_BLOCK) {
                return false;
            }
            if (handOff.pending() != null) {
                whenReplyStored(delivery, handOff.pending());
                return true;
            }
        }
        delivery.acknowledge();
        return true;
    }

    /**
     * Whether a reply would go to this queue's reply side, which a subscription's worker queue does
     * not have: nobody would read it.
     */
    private boolean unreadReply(FpmEnvelope reply) {
        if (inbound != null || reply == null || !ownQueue.equals(reply.destination())) {
            return false;
        }
        LOG.trace("worker queue '{}': reply {} dropped (no JMSReplyTo, a subscription has no reply side)", name,
                reply.correlationId());
        return true;
    }

    /**
     * Acknowledges the request once its stored reply is durable and visible, or, when the store
     * failed, sends it back for another try unless its reply was visible already.
     */
    private void whenReplyStored(Delivery delivery, PendingSend pending) {
        pending.whenPublished(failure -> {
            if (failure == null || pending.wasVisibleBeforeDurable()) {
                delivery.acknowledge();
            } else if (closed) {
                LOG.debug("worker queue '{}': reply to {} not kept, the engine is shut down", name, delivery.envelope().messageId());
            } else {
                // Rare (the journal failed): logging and releasing are not for the writer thread.
                try {
                    outcomeExecutor.execute(() -> couldNotSettle(delivery, failure));
                } catch (RejectedExecutionException e) {
                    LOG.debug("worker queue '{}': reply to {} not kept, the engine is shut down", name, delivery.envelope().messageId());
                }
            }
        });
    }

    /** php-fpm answered: dispatch resumes at once. */
    private void reachable() {
        consecutiveUnreachable.set(0);
        pausedUntil.set(0);
        reachability.reached();
    }

    /**
     * Dead-letters a request, then sends its failure reply when it has a JMSReplyTo and the route
     * keeps replies and failure replies; in that order, so that a caller woken by the failure reply
     * finds the dead letter already there. Blocks while either target is full.
     */
    private void deadLetter(FpmEnvelope request, DeliveryOutcome outcome) {
        replies.deadLetter(name, request, outcome);
        counters.deadLettered();
        if (OutcomeRules.sendsFailureReply(request, route)) {
            replies.failureReply(name, request, outcome);
        }
    }

    /** Exponential backoff with the policy's jitter. */
    static long backoff(RetryPolicy policy, int attempt) {
        return policy.jitteredBackoffMillis(attempt);
    }

    @Override
    public void close() {
        closed = true;
        dispatchSubscription.close();
        outbound.close();
        if (inbound != null) {
            inbound.close();
        }
        gateway.close();
    }
}
