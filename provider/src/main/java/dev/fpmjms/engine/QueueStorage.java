package dev.fpmjms.engine;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.store.MessageStore;
import dev.fpmjms.store.StoreException;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored-message path of one {@link LocalQueue}: its persistent messages go into the
 * {@link MessageStore} under the queue's key, with their room in the queue reserved first and
 * given back if the store fails, and become visible through {@link LocalQueue#publishStored}.
 * The queue keeps the in-memory state; this class owns every write of a new record.
 *
 * <p>Thread-safe (the queue's room is reserved under the queue's lock; the store is called without
 * it, so that producers of one queue share a group commit).
 */
final class QueueStorage {
    private final LocalQueue queue;
    private final MessageStore store;
    private final String storeKey;

    QueueStorage(LocalQueue queue, MessageStore store, String storeKey) {
        this.queue = queue;
        this.store = store;
        this.storeKey = storeKey;
    }

    /**
     * Adds messages of which at least one is persistent, all or none: reserves room for all
     * (waiting up to {@code waitNanos}), writes the persistent ones to the store and waits for
     * the write, then makes all visible at once. Room is given back if the store fails.
     *
     * @param sizes each message's size, as the queue worked it out
     * @param bytes the sum of {@code sizes}
     * @throws QueueFullException   the queue stayed full; nothing was added
     * @throws InterruptedException interrupted while waiting for room or for the store
     * @throws StoreException       the store could not write them; nothing was added
     */
    void enqueue(List<FpmEnvelope> envelopes, long[] sizes, long bytes, long waitNanos)
            throws QueueFullException, InterruptedException {
        int count = envelopes.size();
        queue.reserve(count, bytes, waitNanos);
        long[] ids;
        try {
            List<FpmEnvelope> persistent = new ArrayList<>(count);
            for (FpmEnvelope e : envelopes) {
                if (e.persistent()) {
                    persistent.add(e);
                }
            }
            ids = store.addAll(storeKey, persistent);
        } catch (InterruptedException | RuntimeException e) {
            queue.giveBack(count, bytes);
            throw e;
        }
        queue.publishStored(envelopes, sizes, ids);
    }

    /**
     * Starts adding a persistent message without waiting for the store: reserves room (waiting up
     * to {@code waitNanos}), hands the message to the store's group commit, and returns the send;
     * the message becomes visible once it is stored ({@link PendingSend}).
     *
     * @throws QueueFullException   the queue stayed full; nothing was reserved or stored
     * @throws InterruptedException interrupted while waiting for room
     * @throws StoreException       the store refused the message at once
     */
    PendingSend begin(FpmEnvelope envelope, long waitNanos) throws QueueFullException, InterruptedException {
        long bytes = envelope.sizeEstimate();
        queue.reserve(1, bytes, waitNanos);
        try {
            return new PendingSend(queue, envelope, bytes, store.addAllAsync(storeKey, List.of(envelope)));
        } catch (RuntimeException e) {
            queue.giveBack(1, bytes);
            throw e;
        }
    }

    /**
     * Starts adding a persistent message that is visible before it is durable: reserves room
     * (waiting up to {@code waitNanos}), hands the message to the store as a deferred add
     * ({@link MessageStore#addAllDeferred}) and puts it on the queue at once
     * ({@link PendingSend#visibleAtOnce}).
     *
     * @throws QueueFullException    the queue stayed full; nothing was reserved or stored
     * @throws InterruptedException  interrupted while waiting for room
     * @throws StoreException        the store refused the message at once
     * @throws IllegalStateException the queue was deleted
     */
    PendingSend beginVisible(FpmEnvelope envelope, long waitNanos) throws QueueFullException, InterruptedException {
        long bytes = envelope.sizeEstimate();
        queue.reserve(1, bytes, waitNanos);
        MessageStore.DeferredAdd add;
        try {
            add = store.addAllDeferred(storeKey, List.of(envelope));
        } catch (RuntimeException e) {
            queue.giveBack(1, bytes);
            throw e;
        }
        return PendingSend.visibleAtOnce(queue, envelope, bytes, add);
    }

    /** Removes a record: its message was acknowledged, expired, dropped or never became visible. */
    void remove(long storeId) {
        store.remove(storeId);
    }

    /** Records a counted delivery of a stored message that went back to its queue. */
    void updateDeliveryCount(long storeId, int deliveryCount) {
        store.updateDeliveryCount(storeId, deliveryCount);
    }
}
