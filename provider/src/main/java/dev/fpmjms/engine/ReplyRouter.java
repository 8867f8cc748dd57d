package dev.fpmjms.engine;

import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.envelope.FpmEnvelope;

/** Where a worker queue hands replies and dead letters; implemented by {@link FpmEngine}. */
interface ReplyRouter {

    /**
     * Delivers a worker's reply to its destination's consumer side (a worker queue's inbound side,
     * a local or a temporary queue; a reply is never dispatched to PHP again, which rules out
     * loops). Blocks while the target queue is full. A reply whose destination no longer exists
     * is dead-lettered.
     */
    void deliverReply(String workerQueue, FpmEnvelope request, FpmEnvelope reply);

    /**
     * Delivers a reply as {@link #deliverReply} does if that can be done at once without blocking
     * and without writing to the store (a non-persistent reply, or a target queue without store,
     * with room); otherwise does nothing. Safe on a transport thread.
     *
     * @return {@code true} when the reply was delivered; {@code false} when the caller must use
     *         {@link #deliverReply} (on a thread that may block)
     */
    boolean tryDeliverReply(String workerQueue, FpmEnvelope request, FpmEnvelope reply);

    /**
     * Starts delivering a persistent reply to a queue with a store without waiting for the store:
     * reserves room in the target queue (waiting while it is full, as {@link #deliverReply}
     * does), queues the reply's record as a deferred add and puts the reply on the queue at once;
     * the returned send tells when it is durable.
     *
     * @return the pending reply, or {@code null} when the caller must use {@link #deliverReply}
     *         (a non-persistent reply, a target without a store or that does not exist)
     */
    PendingSend startReply(String workerQueue, FpmEnvelope request, FpmEnvelope reply);

    /**
     * As {@link #startReply}, if that can be done at once: room in the target queue, and the store
     * takes the record without failing. Never blocks and never throws; safe on a transport thread.
     *
     * @return the pending reply, or {@code null} when the caller must take the blocking path
     */
    PendingSend tryStartReply(String workerQueue, FpmEnvelope request, FpmEnvelope reply);

    /** Moves a request that cannot be done to the dead-letter queue, with the outcome as properties. */
    void deadLetter(String workerQueue, FpmEnvelope request, DeliveryOutcome lastOutcome);
}
