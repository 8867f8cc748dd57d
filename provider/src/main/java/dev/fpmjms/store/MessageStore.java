package dev.fpmjms.store;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.metrics.JournalMetrics;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the engine keeps persistent messages so that they survive a crash: each queue's messages
 * under a queue key, each message under a store id that the store assigns. The engine writes a
 * message before it becomes visible in its queue (a worker's reply: before its request is
 * removed, see {@link #addAllDeferred}) and removes it when it is acknowledged; on start it puts
 * the recovered messages back into their queues.
 *
 * <p>This is the seam for other back ends. {@link JournalStore} is the local, append-only journal.
 * A future store backed by Apache ActiveMQ Artemis (its journal embedded, or queues of a remote
 * broker so that several dispatcher nodes share them) implements the same contract: a queue key
 * maps to an Artemis queue, the store id to the Artemis message id, {@link #remove} to an
 * acknowledgement and {@link #recover} to browsing the queues at start.
 *
 * <p>Contract: at-least-once. A message whose {@link #addAll} returned is recovered after a crash
 * (within the window of the fsync policy, see {@code docs/durability.md}) until its
 * {@link #remove} took effect. Removals may be lost in a crash (they are written asynchronously),
 * which brings a message back once more, as at-least-once allows.
 *
 * <p>Thread-safe: any thread may call any method.
 */
public interface MessageStore extends AutoCloseable {

    /**
     * The messages found when the store was opened, in the order they were added (by store id),
     * with the delivery count last recorded. One-shot: the first call hands them over, later calls
     * return an empty list, so the store need not keep them in memory.
     */
    List<StoredMessage> recover();

    /**
     * Stores messages for one queue as one batch. Blocks until the records are durable per the
     * store's fsync policy (a group commit shares the wait with concurrent callers).
     *
     * @param queueKey the queue's key (opaque to the store)
     * @return the store ids of the messages, in the order of {@code envelopes}
     * @throws StoreException       the records could not be written; none of them counts as stored
     * @throws InterruptedException interrupted while waiting for the write: the records are
     *                              removed again, but a crash in between may bring them back
     */
    long[] addAll(String queueKey, List<FpmEnvelope> envelopes) throws InterruptedException;

    /**
     * Starts storing messages for one queue as one batch, without waiting: the returned future
     * completes with their store ids when the records are durable per the fsync policy (as
     * {@link #addAll} would have returned), or exceptionally with a {@link StoreException}, in
     * which case none of them counts as stored. The futures of one thread's calls complete in the
     * order of the calls, so what depends on them runs in that order too (unless a thread waits
     * in {@code get()} or {@code join()}: a waiting thread may run dependents itself, out of
     * turn). A future may complete on a thread of the store: what depends on it must be quick and
     * must not block.
     *
     * <p>The default implementation blocks in {@link #addAll}; stores that group-commit override it.
     *
     * @throws StoreException the store refuses at once (closed, failed, a record too large)
     */
    default CompletableFuture<long[]> addAllAsync(String queueKey, List<FpmEnvelope> envelopes) {
        try {
            return CompletableFuture.completedFuture(addAll(queueKey, envelopes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new StoreException("interrupted while storing", e));
        }
    }

    /**
     * Starts storing messages for one queue that the caller makes visible before they are durable
     * (the engine does so with workers' replies, whose request stays stored until then), without
     * waiting and without asking for a prompt write: the store may wait a few milliseconds for
     * other records to write and force them with. The store ids are assigned at once
     * ({@link DeferredAdd#ids()}); {@link #remove} and {@link #updateDeliveryCount} may be called
     * for them right away and take effect after the adds. {@link DeferredAdd#durable()} completes
     * like the future of {@link #addAllAsync}.
     *
     * <p>The default implementation is {@link #addAllAsync}, whose ids are known only when the
     * records are durable: {@link DeferredAdd#ids()} is then {@code null} and the caller must not
     * make the messages visible before {@code durable()} completes.
     *
     * @throws StoreException the store refuses at once (closed, failed, a record too large)
     */
    default DeferredAdd addAllDeferred(String queueKey, List<FpmEnvelope> envelopes) {
        return new DeferredAdd(null, addAllAsync(queueKey, envelopes));
    }

    /**
     * Messages handed to the store by {@link #addAllDeferred}.
     *
     * @param ids     their store ids in the order of the envelopes, or {@code null} when the store
     *                gives them only with {@code durable}
     * @param durable completes with the ids when the records are durable per the fsync policy, or
     *                exceptionally with a {@link StoreException}
     */
    record DeferredAdd(long[] ids, CompletableFuture<long[]> durable) {
    }

    /** Stores one message; see {@link #addAll}. */
    default long add(String queueKey, FpmEnvelope envelope) throws InterruptedException {
        return addAll(queueKey, List.of(envelope))[0];
    }

    /**
     * Removes a message. Asynchronous and never blocking on I/O: the removal is written with a
     * later batch. Unknown ids, and calls after {@link #close()}, are ignored.
     */
    void remove(long id);

    /**
     * Records how many deliveries a stored message has had, so that retry limits and
     * JMSRedelivered survive a restart. Asynchronous like {@link #remove}; unknown ids are ignored.
     */
    void updateDeliveryCount(long id, int deliveryCount);

    /**
     * The store's size and force latency now, for stores that keep a journal; empty by default.
     * Never blocks on I/O; any thread.
     */
    default Optional<JournalMetrics> metrics() {
        return Optional.empty();
    }

    /**
     * Writes what is pending, forces it to disk and releases the store's files. Idempotent. Later
     * adds fail with {@link StoreException}; later removals are ignored.
     */
    @Override
    void close();
}
