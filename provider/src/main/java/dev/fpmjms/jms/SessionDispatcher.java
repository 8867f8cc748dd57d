package dev.fpmjms.jms;

import dev.fpmjms.threads.Wakeups;
import dev.fpmjms.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread on which a session calls its MessageListeners (the spec's serial execution of
 * a session), started when the first listener is set.
 *
 * <p>Consumers' availability callbacks {@link #schedule()} a drain; a drain hands out messages
 * round-robin, one per listening consumer per pass, until no consumer has one. A schedule that
 * arrives during a drain makes another drain run, so no wake-up is lost.
 *
 * <p>The thread is handed work with {@link LockSupport#unpark} rather than through an executor's
 * queue, which is what lets it sleep through the batch window below: {@link #schedule()} sets a
 * flag and unparks the thread only when it has said it is about to park untimed, so a schedule
 * while a drain runs (or during the window) costs one atomic operation and no system call. The
 * flag and the parking announcement are both volatile, so of "schedule sets the flag, then reads
 * the announcement" and "the thread announces, then reads the flag" at least one sees the other's
 * write.
 *
 * <p><b>Batching under load.</b> A drain that delivered {@value #STREAM} messages or more shows a
 * stream: the thread then sleeps for the configuration's {@code listenerBatchWindow} (1 ms by
 * default) without announcing it, so that schedules in that time do not wake it, and delivers
 * whatever gathered in one drain. A drain that delivered fewer (a lone request's reply, the last
 * of a stream) sends the thread back to the untimed park, where the next message wakes it at once:
 * a message is held back by at most the window, and only while messages keep coming. Each
 * wake-up costs the waker and the woken thread CPU time and a system call; the window trades at
 * most its length of latency for fewer of them (docs/benchmarks.md measures the effect).
 *
 * <p>Every listener call
 * holds {@link #deliveryLock()}, which is how closing a consumer or the session from another
 * thread waits for a running listener (and, being reentrant, how a listener may close its own
 * consumer or session).
 *
 * <p>Thread-safe.
 */
final class SessionDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(SessionDispatcher.class);
    private static final ThreadLocal<FpmSession> CURRENT = new ThreadLocal<>();
    /** Deliveries in one drain from which the session thread batches (see the class comment). */
    static final int STREAM = 2;

    private final FpmSession session;
    private final ReentrantLock deliveryLock = new ReentrantLock();
    /** A drain is requested and has not started yet. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Set by the session thread just before it parks untimed (and re-checks {@link #scheduled}). */
    private volatile boolean parking;
    /** The configuration's listener batch window; set before the thread starts. */
    private long batchWindowNanos;
    private volatile boolean stopped;
    private volatile Thread thread;

    SessionDispatcher(FpmSession session) {
        this.session = session;
    }

    /** The session whose MessageListener the calling thread is running, or {@code null}. */
    static FpmSession currentSession() {
        return CURRENT.get();
    }

    ReentrantLock deliveryLock() {
        return deliveryLock;
    }

    /** Whether the caller is this session's listener thread. */
    boolean isSessionThread() {
        return Thread.currentThread() == thread;
    }

    /** Requests a drain; quick and non-blocking, safe from any thread (including engine threads). */
    void schedule() {
        Thread t = thread;
        if (t == null || stopped || !scheduled.compareAndSet(false, true)) {
            return;
        }
        if (parking) {
            Wakeups.unpark(t); // at the end of the caller's batch, if it runs one
        }
    }

    /** Starts the session thread if it is not running yet; called when a listener is set. */
    synchronized void ensureStarted() {
        if (thread == null && !stopped) {
            batchWindowNanos = session.engine().config().listenerBatchWindow().toNanos();
            Thread t = new DaemonThreads("fpm-jms-" + session.name()).newThread(this::run);
            thread = t;
            t.start();
        }
    }

    private void run() {
        boolean batching = false;
        while (!stopped) {
            if (batching) {
                LockSupport.parkNanos(this, batchWindowNanos); // not 'parking': schedule() lets it sleep
            }
            if (scheduled.compareAndSet(true, false)) {
                int delivered = 0;
                try {
                    delivered = drain();
                } catch (RuntimeException | Error e) {
                    LOG.error("{}: message delivery failed", session.name(), e);
                }
                batching = batchWindowNanos > 0 && delivered >= STREAM;
                continue;
            }
            batching = false;
            parking = true;
            if (!scheduled.get() && !stopped) {
                LockSupport.park(this);
            }
            parking = false;
        }
    }

    /** Delivers round-robin until no consumer has a message; returns how many were delivered. */
    private int drain() {
        int total = 0;
        boolean delivered;
        do {
            delivered = false;
            for (FpmMessageConsumer consumer : session.consumers()) {
                if (!session.canDeliver()) {
                    return total;
                }
                try {
                    if (consumer.dispatchOne()) {
                        delivered = true;
                        total++;
                    }
                } catch (RuntimeException | Error e) {
                    LOG.error("{}: delivery to {} failed", session.name(), consumer, e);
                }
                Thread.interrupted(); // a listener's interrupt neither reaches the next one nor makes parking spin
            }
        } while (delivered && !stopped);
        return total;
    }

    /** Runs a listener call, marking the thread as this session's listener thread. */
    void runListener(Runnable call) {
        FpmSession previous = CURRENT.get();
        CURRENT.set(session);
        try {
            call.run();
        } finally {
            // set, not remove: the thread keeps its entry, so the next call neither creates nor
            // hashes in a new one (a remove made every listener call allocate two entries)
            CURRENT.set(previous);
        }
    }

    /** Waits for a running listener to return, unless the caller is that listener. */
    void awaitListenerReturn() {
        if (!deliveryLock.isHeldByCurrentThread()) {
            deliveryLock.lock();
            deliveryLock.unlock();
        }
    }

    /** Stops the thread after the current drain; does not wait when called from the thread itself. */
    void shutdown() {
        Thread t;
        synchronized (this) {
            stopped = true;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
