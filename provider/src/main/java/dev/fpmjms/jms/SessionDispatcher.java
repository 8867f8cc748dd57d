package dev.fpmjms.jms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread on which a session calls its MessageListeners (the spec's serial execution of
 * a session), started when the first listener is set.
 *
 * <p>Consumers' availability callbacks {@link #schedule()} a drain; a drain hands out messages
 * round-robin, one per listening consumer per pass, until no consumer has one. A schedule that
 * arrives during a drain makes another drain run, so no wake-up is lost. Every listener call
 * holds {@link #deliveryLock()}, which is how closing a consumer or the session from another
 * thread waits for a running listener (and, being reentrant, how a listener may close its own
 * consumer or session).
 *
 * <p>Thread-safe.
 */
final class SessionDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(SessionDispatcher.class);
    private static final ThreadLocal<FpmSession> CURRENT = new ThreadLocal<>();

    private final FpmSession session;
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private ExecutorService executor;
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
        ExecutorService ex;
        synchronized (this) {
            ex = executor;
        }
        if (ex == null || !scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            ex.execute(this::drain);
        } catch (RejectedExecutionException closed) {
            scheduled.set(false);
        }
    }

    /** Starts the session thread if it is not running yet; called when a listener is set. */
    synchronized void ensureStarted() {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(new DaemonThreads("fpm-jms-" + session.name()));
        }
    }

    private void drain() {
        thread = Thread.currentThread();
        scheduled.set(false);
        boolean delivered;
        do {
            delivered = false;
            for (FpmMessageConsumer consumer : session.consumers()) {
                if (!session.canDeliver()) {
                    return;
                }
                try {
                    delivered |= consumer.dispatchOne();
                } catch (RuntimeException | Error e) {
                    LOG.error("{}: delivery to {} failed", session.name(), consumer, e);
                }
            }
        } while (delivered);
    }

    /** Runs a listener call, marking the thread as this session's listener thread. */
    void runListener(Runnable call) {
        FpmSession previous = CURRENT.get();
        CURRENT.set(session);
        try {
            call.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
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
        ExecutorService ex;
        synchronized (this) {
            ex = executor;
        }
        if (ex != null) {
            ex.shutdown();
        }
    }
}
