package dev.fpmjms.engine;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;

/**
 * Where a worker queue hands its workers' replies and its dead letters; implemented by
 * {@link EngineReplies}.
 */
interface ReplyRouter {

    /**
     * Hands a worker's reply to its destination's consumer side (a worker queue's inbound side, a
     * local or a temporary queue; a reply is never dispatched to PHP again, which rules out loops).
     * A persistent reply to a queue with a store has its room reserved, its record queued for the
     * journal as a deferred add and is put on the queue at once; the returned hand-off's
     * {@link ReplyHandOff#pending()} tells when it is durable. Any other reply is simply enqueued.
     *
     * <p>With {@code mayBlock}, waits as long as the target queue is full (the caller holds an
     * in-flight slot, so dispatch pauses until consumers make room) and dead-letters a reply whose
     * destination no longer exists. Without it, never blocks and never throws: when the reply
     * cannot be handed over at once (no room, a destination that does not exist, a store that
     * refused the record, the engine shutting down) nothing is done and
     * {@link ReplyHandOff#NEEDS_TO_BLOCK} is returned, for the caller to try again on a thread
     * that may block. Safe on a transport thread without {@code mayBlock}.
     *
     * @return {@link ReplyHandOff#DELIVERED}, a stored hand-off, or (only without
     *         {@code mayBlock}) {@link ReplyHandOff#NEEDS_TO_BLOCK}
     * @throws IllegalStateException with {@code mayBlock}: the engine shut down or the thread was
     *                               interrupted while waiting for room
     */
    ReplyHandOff handOverReply(String workerQueue, FpmEnvelope request, FpmEnvelope reply, boolean mayBlock);

    /**
     * Moves a request that cannot be done to the dead-letter queue, with the outcome as
     * properties. Blocks while the dead-letter queue is full.
     */
    void deadLetter(String workerQueue, FpmEnvelope request, DeliveryOutcome lastOutcome);

    /**
     * Sends the failure reply ({@link dev.fpmjms.gateway.FailureReplies}) of a dead-lettered
     * request to its JMSReplyTo, stored like a success reply when it is persistent and its target
     * keeps a store. A JMSReplyTo that no longer exists (a requestor that gave up and deleted its
     * temporary queue) is logged at DEBUG and nothing more is done: the dead letter is the record of
     * the failure. Blocks while the target is full.
     *
     * @throws IllegalArgumentException the request has no JMSReplyTo
     * @throws IllegalStateException    the engine shut down or the thread was interrupted while
     *                                  waiting for room
     */
    void failureReply(String workerQueue, FpmEnvelope request, DeliveryOutcome lastOutcome);
}
