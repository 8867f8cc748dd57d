package dev.fpmjms.threads;

import java.util.ArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Wake-ups of other threads that a thread makes while it completes a batch of work, made once
 * each at the end of the batch instead of one by one.
 *
 * <p>The journal's writer completes a batch of writes in one go (each completion may hand a
 * message to the FastCGI transport, or let a session's send thread call a CompletionListener),
 * and the transport thread settles the replies of one round of the selector in one go. Woken
 * after the first item, the other thread would often run at once (on another core), find only
 * that item, and park again before the next one: one wake-up per item instead of one per batch.
 * A wake-up costs the waker and the woken thread CPU time, and the woken thread may preempt the
 * waker in the middle of its batch.
 *
 * <p>Usage: the batch runs inside {@link #coalescing}; code that wakes another thread calls
 * {@link #unpark} or {@link #wake} instead of doing so itself. Outside a {@code coalescing} block
 * (any other thread, or this one at another time) they wake at once, so callers need not know
 * which thread they run on. A deferred wake-up is made later, never lost; the woken side must
 * already tolerate an early or spurious wake-up, as every {@link LockSupport#park} caller does.
 * Hence the one rule for a batch: it must not wait for a thread it wakes (the two users, the
 * journal's writer and the transport loop, never block on other threads in a batch anyway).
 *
 * <p>Thread-confined state (a {@link ThreadLocal}); the methods are safe from any thread.
 */
public final class Wakeups {
    private static final ThreadLocal<Pending> PENDING = ThreadLocal.withInitial(Pending::new);

    /** A thread's wake-ups requested during its {@link #coalescing} block, each once. */
    private static final class Pending {
        /** Whether the thread is inside a {@link #coalescing} block. */
        private boolean active;
        private final ArrayList<Thread> threads = new ArrayList<>(4);
        private final ArrayList<Runnable> wakers = new ArrayList<>(4);

        private void addThread(Thread t) {
            if (!containsSame(threads, t)) {
                threads.add(t);
            }
        }

        private void addWaker(Runnable w) {
            if (!containsSame(wakers, w)) {
                wakers.add(w);
            }
        }

        private static boolean containsSame(ArrayList<?> list, Object o) {
            for (int i = 0, n = list.size(); i < n; i++) {
                if (list.get(i) == o) {
                    return true;
                }
            }
            return false;
        }

        private void wakeAll() {
            for (int i = 0, n = threads.size(); i < n; i++) {
                LockSupport.unpark(threads.get(i));
            }
            for (int i = 0, n = wakers.size(); i < n; i++) {
                wakers.get(i).run();
            }
            threads.clear();
            wakers.clear();
        }
    }

    private Wakeups() {
    }

    /**
     * Runs {@code batch}; the wake-ups it requests through this class are made after it, once per
     * thread or waker, also when it throws. Nested calls join the outer block.
     */
    public static void coalescing(Runnable batch) {
        boolean outermost = begin();
        try {
            batch.run();
        } finally {
            end(outermost);
        }
    }

    /**
     * Starts a batch on the calling thread, as {@link #coalescing} does, for code that throws
     * checked exceptions: {@code boolean outermost = begin(); try { ... } finally { end(outermost); }}.
     *
     * @return whether this is the outermost batch (to pass to {@link #end})
     */
    public static boolean begin() {
        Pending pending = PENDING.get();
        if (pending.active) {
            return false;
        }
        pending.active = true;
        return true;
    }

    /** Ends a batch started by {@link #begin}: the outermost one makes the wake-ups requested in it. */
    public static void end(boolean outermost) {
        if (outermost) {
            Pending pending = PENDING.get();
            pending.active = false;
            pending.wakeAll();
        }
    }

    /** {@link LockSupport#unpark}s {@code thread} now, or at the end of the calling thread's batch. */
    public static void unpark(Thread thread) {
        Pending pending = PENDING.get();
        if (!pending.active) {
            LockSupport.unpark(thread);
        } else {
            pending.addThread(thread);
        }
    }

    /**
     * Runs {@code waker} (a wake-up such as {@code Selector::wakeup}) now, or at the end of the
     * calling thread's batch; the same object is run once per batch, so callers keep one instance.
     */
    public static void wake(Runnable waker) {
        Pending pending = PENDING.get();
        if (!pending.active) {
            waker.run();
        } else {
            pending.addWaker(waker);
        }
    }
}
