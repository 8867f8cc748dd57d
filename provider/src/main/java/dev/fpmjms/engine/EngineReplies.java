package dev.fpmjms.engine;

import dev.fpmjms.gateway.DeadLetters;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.FailureReplies;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Where an engine's worker queues put what their workers answered: replies (to the request's
 * JMSReplyTo, else the worker queue's inbound side, or the destination the worker named) and dead
 * letters. A reply gets a message id and timestamp here when the worker set none. Replies and dead
 * letters are never dropped for want of room: the blocking paths wait, holding the caller's
 * in-flight slot, until consumers make room or the engine shuts down.
 *
 * <p>Thread-safe; {@link #handOverReply} without {@code mayBlock} never blocks and may run on
 * transport threads.
 */
final class EngineReplies implements ReplyRouter {
    private static final Logger LOG = LoggerFactory.getLogger(EngineReplies.class);

    private final FpmEngine engine;
    private final Clock clock;

    EngineReplies(FpmEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    @Override
    public ReplyHandOff handOverReply(String workerQueue, FpmEnvelope request, FpmEnvelope reply, boolean mayBlock) {
        if (!mayBlock && engine.isShutdown()) {
            return ReplyHandOff.NEEDS_TO_BLOCK; // the blocking path fails as the engine shuts down
        }
        FpmEnvelope stamped = stamped(reply);
        LocalQueue target;
        try {
            target = engine.consumerQueue(stamped.destination());
        } catch (UnknownDestinationException e) {
            if (!mayBlock) {
                return ReplyHandOff.NEEDS_TO_BLOCK;
            }
            deadLetterReply(workerQueue, stamped, e);
            return ReplyHandOff.DELIVERED;
        } catch (IllegalStateException e) {
            if (!mayBlock) {
                return ReplyHandOff.NEEDS_TO_BLOCK;
            }
            throw e;
        }
        if (stamped.persistent() && engine.hasStore()) {
            ReplyHandOff stored = mayBlock ? storeWaiting(target, stamped) : storeAtOnce(target, stamped);
            if (stored != null) {
                return stored;
            }
            // the target keeps nothing in the store (a temporary queue): enqueue the reply below
        }
        if (mayBlock) {
            enqueueWaiting(target, stamped);
            return ReplyHandOff.DELIVERED;
        }
        return target.tryEnqueue(stamped) ? ReplyHandOff.DELIVERED : ReplyHandOff.NEEDS_TO_BLOCK;
    }

    /**
     * {@link LocalQueue#beginVisibleStored}, waiting while the target is full.
     *
     * @return the stored hand-off, or {@code null} when the target has no store
     */
    private ReplyHandOff storeWaiting(LocalQueue target, FpmEnvelope reply) {
        PendingSend pending = waitForRoom(target, waitNanos -> target.beginVisibleStored(reply, waitNanos));
        return pending == null ? null : ReplyHandOff.stored(pending);
    }

    /**
     * {@link LocalQueue#beginVisibleStored} without waiting for room.
     *
     * @return the stored hand-off, {@code null} when the target has no store, or
     *         {@link ReplyHandOff#NEEDS_TO_BLOCK} when it cannot be done at once (no room, the store
     *         refused, the queue was deleted, an interrupt), leaving nothing reserved or stored
     */
    private static ReplyHandOff storeAtOnce(LocalQueue target, FpmEnvelope reply) {
        PendingSend pending;
        try {
            pending = target.beginVisibleStored(reply, 0);
        } catch (QueueFullException | RuntimeException e) {
            return ReplyHandOff.NEEDS_TO_BLOCK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReplyHandOff.NEEDS_TO_BLOCK;
        }
        return pending == null ? null : ReplyHandOff.stored(pending);
    }

    /** The reply with a message id, timestamp and delivery time where the worker set none. */
    private FpmEnvelope stamped(FpmEnvelope reply) {
        if (reply.messageId() == null || reply.timestamp() == 0) {
            long now = clock.millis();
            reply = reply.toBuilder()
                    .messageId(reply.messageId() == null ? engine.newMessageId() : reply.messageId())
                    .timestamp(reply.timestamp() == 0 ? now : reply.timestamp())
                    .deliveryTime(reply.deliveryTime() == 0 ? now : reply.deliveryTime())
                    .build();
        }
        return reply;
    }

    /** A reply whose destination does not exist (any more) goes to the dead-letter queue, saying so. */
    private void deadLetterReply(String workerQueue, FpmEnvelope reply, UnknownDestinationException e) {
        LOG.warn("worker queue '{}': reply to {} cannot be delivered ({}); dead-lettered", workerQueue, reply.destination(), e.getMessage());
        enqueueDeadLetter(reply.toBuilder()
                .property(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION, reply.destination().toString())
                .property(ProviderProperties.JMS_FPM_FAILURE, "reply destination does not exist: " + e.getMessage())
                .destination(DestinationRef.queue(engine.config().deadLetterQueue())).build());
    }

    @Override
    public void deadLetter(String workerQueue, FpmEnvelope request, DeliveryOutcome lastOutcome) {
        enqueueDeadLetter(DeadLetters.of(workerQueue, request, lastOutcome, engine.config().deadLetterQueue()));
    }

    @Override
    public void failureReply(String workerQueue, FpmEnvelope request, DeliveryOutcome lastOutcome) {
        FpmEnvelope reply = stamped(FailureReplies.of(workerQueue, request, lastOutcome));
        LocalQueue target;
        try {
            target = engine.consumerQueue(reply.destination());
        } catch (UnknownDestinationException e) {
            LOG.debug("worker queue '{}': no failure reply for {}, its JMSReplyTo is gone ({})",
                    workerQueue, request.messageId(), e.getMessage());
            return;
        }
        if (reply.persistent() && engine.hasStore() && storeWaiting(target, reply) != null) {
            return; // forced with the journal's next batch; the dead letter is already recorded
        }
        enqueueWaiting(target, reply);
    }

    private void enqueueDeadLetter(FpmEnvelope deadLetter) {
        enqueueWaiting(engine.deadLetterQueue(), deadLetter);
    }

    /**
     * Enqueues on an engine thread, waiting as long as it takes while the queue is full: the
     * caller holds an in-flight slot, so dispatch pauses until consumers make room.
     */
    private void enqueueWaiting(LocalQueue target, FpmEnvelope envelope) {
        waitForRoom(target, waitNanos -> {
            target.enqueueWaiting(envelope, waitNanos);
            return null;
        });
    }

    /** One try at handing a message to a queue, waiting up to {@code waitNanos} for room. */
    @FunctionalInterface
    private interface RoomAttempt<T> {
        T attempt(long waitNanos) throws QueueFullException, InterruptedException;
    }

    /**
     * Repeats {@code attempt} in one-second waits until the queue has room, warning every 30 s,
     * until the engine shuts down (the engine's own hand-overs never give up on a full queue).
     */
    private <T> T waitForRoom(LocalQueue target, RoomAttempt<T> attempt) {
        long waits = 0;
        while (true) {
            try {
                return attempt.attempt(TimeUnit.SECONDS.toNanos(1));
            } catch (QueueFullException e) {
                if (waits++ % 30 == 0) {
                    LOG.warn("{} is full; dispatch waits for consumers to make room ({})", target, e.getMessage());
                }
                if (engine.isShutdown()) {
                    throw new IllegalStateException("engine shut down while waiting for room in " + target, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for room in " + target, e);
            }
        }
    }

}
