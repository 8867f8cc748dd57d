package dev.fpmjms.engine;

import dev.fpmjms.config.FullQueuePolicy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How much a {@link LocalQueue} holds against its {@link QueueLimits}: the messages and bytes
 * that are waiting, delayed, in delivery or reserved for a write that has not finished, and the
 * wait for room when it is full.
 *
 * <p>Not thread-safe by itself: every method is called with the queue's lock held, the lock
 * given to the constructor (whose condition the waits for room use).
 */
final class QueueRoom {
    private final String queueName;
    private final QueueLimits limits;
    private final Condition spaceAvailable;
    private long messages;
    private long bytes;

    QueueRoom(String queueName, QueueLimits limits, ReentrantLock lock) {
        this.queueName = queueName;
        this.limits = limits;
        this.spaceAvailable = lock.newCondition();
    }

    /** How long a producer waits for room by the configured policy: the block timeout, or 0 (fail at once). */
    long policyWaitNanos() {
        return limits.policy() == FullQueuePolicy.BLOCK ? limits.blockTimeout().toNanos() : 0;
    }

    /** Whether {@code count} messages of {@code size} bytes fit (one message always fits an empty queue). */
    boolean fits(long count, long size) {
        return messages + count <= limits.maxMessages() && (bytes + size <= limits.maxBytes() || messages == 0);
    }

    /**
     * Waits up to {@code waitNanos} until {@code count} messages of {@code size} bytes fit.
     *
     * @param ensureOpen run before and after each wait; throws when the queue was closed
     * @throws QueueFullException the room did not come in time
     */
    void await(long count, long size, long waitNanos, Runnable ensureOpen) throws QueueFullException, InterruptedException {
        ensureOpen.run();
        long initialWait = waitNanos;
        while (!fits(count, size)) {
            if (waitNanos <= 0) {
                throw new QueueFullException("queue '" + queueName + "' is full: " + messages
                        + " messages / " + bytes + " bytes held, limits " + limits.maxMessages()
                        + " messages / " + limits.maxBytes() + " bytes (maxQueueMessages, maxQueueBytes)"
                        + (initialWait > 0 ? "; waited " + TimeUnit.NANOSECONDS.toMillis(initialWait) + " ms (sendTimeout)" : ""));
            }
            waitNanos = spaceAvailable.awaitNanos(waitNanos);
            ensureOpen.run();
        }
    }

    /** Counts messages as held (added, or reserved for a write). */
    void take(long count, long size) {
        messages += count;
        bytes += size;
    }

    /** Frees room (a message left the queue, or a reservation was given up) and wakes waiters. */
    void free(long count, long size) {
        messages -= count;
        bytes -= size;
        spaceAvailable.signalAll();
    }

    /** Wakes every producer waiting for room (the queue closes). */
    void wakeWaiters() {
        spaceAvailable.signalAll();
    }

    long messages() {
        return messages;
    }

    long bytes() {
        return bytes;
    }
}
