package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.Comparator;

/**
 * A message held by a {@link LocalQueue}: its envelope, its place in the order and its size.
 * Guarded by the queue's lock; never shared outside the engine.
 */
final class QueueEntry {
    /** Delivery order: higher priority first, then older first. */
    static final Comparator<QueueEntry> DELIVERY_ORDER = (a, b) -> {
        int byPriority = Integer.compare(b.envelope.priority(), a.envelope.priority());
        return byPriority != 0 ? byPriority : Long.compare(a.sequence, b.sequence);
    };

    /** Due order for delayed messages: earliest first, then older first. */
    static final Comparator<QueueEntry> DUE_ORDER = (a, b) -> {
        int byTime = Long.compare(a.notBefore, b.notBefore);
        return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
    };

    final long sequence;
    final long size;
    /** The envelope as it will be delivered next (its deliveryCount counts past deliveries). */
    FpmEnvelope envelope;
    /** Earliest time (epoch ms) the entry may be delivered; 0 for now. */
    long notBefore;
    /** The message's id in the queue's store, 0 when it is not stored (non-persistent, or no store). */
    long storeId;

    /** @param size the envelope's {@link FpmEnvelope#sizeEstimate()}, which the queue has worked out already */
    QueueEntry(long sequence, FpmEnvelope envelope, long notBefore, long size) {
        this.sequence = sequence;
        this.envelope = envelope;
        this.size = size;
        this.notBefore = notBefore;
    }
}
