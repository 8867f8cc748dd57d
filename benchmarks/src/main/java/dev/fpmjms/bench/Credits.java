package dev.fpmjms.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * How many more operations one driving thread may start: {@code size} credits, one taken per
 * start and given back on completion (on any thread). A driver that finds none sleeps until
 * {@code wakeAt} of them are back, not until the first one is, so that the completing threads
 * wake it about once per {@code wakeAt} completions instead of once per completion: the
 * benchmark's own flow control should cost the measured code as little as it can (a
 * {@link java.util.concurrent.Semaphore} woke the sender for nearly every reply, which cost the
 * listener thread of an fpm-jms scenario a quarter of its CPU).
 *
 * <p>One waiting thread at a time ({@link #take} and {@link #awaitAll} are called from the driving
 * thread only); {@link #giveBack} from any thread, never blocking.
 */
final class Credits {

    private final int size;
    private final int wakeAt;
    private final AtomicInteger free;
    /** The driving thread while it sleeps, else {@code null}. */
    private volatile Thread waiter;
    /** How many credits must be free for {@link #waiter} to be woken. */
    private volatile int wanted;

    /**
     * @param size credits in all, at least 1; all free at first
     * @throws IllegalArgumentException {@code size} is below 1
     */
    Credits(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("credits must be at least 1, was " + size);
        }
        this.size = size;
        this.wakeAt = Math.max(1, size / 2);
        this.free = new AtomicInteger(size);
    }

    int size() {
        return size;
    }

    /** Credits not taken now. */
    int free() {
        return free.get();
    }

    /**
     * Takes one credit, sleeping while none is free until half of them are (or one, for a size
     * below 2).
     *
     * @return whether a credit was taken; {@code false} when none came back within the timeout
     * @throws InterruptedException the caller was interrupted while it slept
     */
    boolean take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            int f = free.get();
            if (f > 0) {
                if (free.compareAndSet(f, f - 1)) {
                    return true;
                }
                continue;
            }
            if (!sleepUntilFree(wakeAt, deadline)) {
                return false;
            }
        }
    }

    /** Gives one credit back; wakes the driver when it now has as many free as it waits for. Any thread. */
    void giveBack() {
        int f = free.incrementAndGet();
        if (f > size) {
            free.decrementAndGet();
            throw new IllegalStateException("more credits given back than taken (" + size + " in all)");
        }
        Thread w = waiter;
        if (w != null && f >= wanted) {
            LockSupport.unpark(w);
        }
    }

    /**
     * Waits until every credit is free (nothing is outstanding).
     *
     * @return whether they all came back within the timeout
     * @throws InterruptedException the caller was interrupted while it slept
     */
    boolean awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (free.get() < size) {
            if (!sleepUntilFree(size, deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sleeps until {@code count} credits are free or the deadline passes. The waiter announces
     * itself before it reads {@link #free} again, and {@link #giveBack} writes {@link #free} before
     * it reads the waiter: of the two, at least one sees the other, so no wake-up is lost.
     *
     * @return {@code false} when the deadline passed first
     */
    private boolean sleepUntilFree(int count, long deadline) throws InterruptedException {
        wanted = count;
        waiter = Thread.currentThread();
        try {
            while (free.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for " + count + " of " + size + " credits");
                }
            }
            return true;
        } finally {
            waiter = null;
        }
    }
}
