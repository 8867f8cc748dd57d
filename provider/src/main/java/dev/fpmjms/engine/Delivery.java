package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A message handed to a reader and not yet settled. Exactly one of {@link #acknowledge()} or
 * {@link #release} settles it; later calls are ignored. Until then it counts against the queue's
 * size limits. Thread-safe.
 */
public final class Delivery {
    private final LocalQueue queue;
    private final QueueEntry entry;
    private final FpmEnvelope undelivered;
    private final FpmEnvelope envelope;
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(LocalQueue queue, QueueEntry entry, FpmEnvelope undelivered, FpmEnvelope envelope) {
        this.queue = queue;
        this.entry = entry;
        this.undelivered = undelivered;
        this.envelope = envelope;
    }

    /** The message as delivered: JMSXDeliveryCount counts this delivery, JMSRedelivered is set after the first. */
    public FpmEnvelope envelope() {
        return envelope;
    }

    /** The queue's entry: the same object for every delivery of one message, retries included. */
    QueueEntry entry() {
        return entry;
    }

    public LocalQueue queue() {
        return queue;
    }

    /** Done with the message: it leaves the queue for good. */
    public void acknowledge() {
        if (settled.compareAndSet(false, true)) {
            queue.acknowledged(entry);
        }
    }

    /**
     * Puts the message back in the queue at its place.
     *
     * @param countAsDelivery whether this delivery counts (JMSRedelivered and JMSXDeliveryCount
     *                        show it next time); false when the message never reached its reader,
     *                        e.g. php-fpm refused the connection
     * @param notBeforeMillis earliest time (epoch ms) for the next delivery, 0 for now
     */
    public void release(boolean countAsDelivery, long notBeforeMillis) {
        if (settled.compareAndSet(false, true)) {
            queue.released(entry, countAsDelivery ? envelope : undelivered, notBeforeMillis);
        }
    }

    public boolean isSettled() {
        return settled.get();
    }
}
