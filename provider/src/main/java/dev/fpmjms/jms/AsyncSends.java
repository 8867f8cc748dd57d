package dev.fpmjms.jms;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Asynchronous sends of one session: their completions run in order on one session thread, which
 * calls the CompletionListener (the spec's "callback on another thread", in send order). A task
 * waits for a persistent send that the calling thread handed to the journal to be on its queue,
 * or (transacted sessions) buffers the send itself, and then calls the listener. Closing,
 * committing and rolling back wait for them ({@link #awaitIdle()}); doing so from a completion
 * callback is refused by the callers, using {@link #currentSession()}.
 *
 * <p>Thread-safe.
 */
final class AsyncSends {
    private static final ThreadLocal<FpmSession> CURRENT = new ThreadLocal<>();

    private final FpmSession session;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private ExecutorService executor;
    private int pending;

    AsyncSends(FpmSession session) {
        this.session = session;
    }

    /** The session whose CompletionListener the calling thread is running, or {@code null}. */
    static FpmSession currentSession() {
        return CURRENT.get();
    }

    /**
     * Runs a send and its callback on the session's send thread.
     *
     * @throws jakarta.jms.IllegalStateException when the session is closing
     */
    void submit(Runnable sendAndCallback) throws jakarta.jms.IllegalStateException {
        lock.lock();
        try {
            if (executor == null) {
                executor = Executors.newSingleThreadExecutor(new DaemonThreads("fpm-jms-" + session.name() + "-send"));
            }
            executor.execute(() -> run(sendAndCallback));
            pending++;
        } catch (RejectedExecutionException e) {
            throw new jakarta.jms.IllegalStateException(session.name() + " is closed");
        } finally {
            lock.unlock();
        }
    }

    private void run(Runnable task) {
        CURRENT.set(session);
        try {
            task.run();
        } finally {
            CURRENT.remove();
            lock.lock();
            try {
                pending--;
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until every send submitted so far has completed and its callback returned. */
    void awaitIdle() throws InterruptedException {
        lock.lock();
        try {
            while (pending > 0) {
                idle.await();
            }
        } finally {
            lock.unlock();
        }
    }

    void shutdown() {
        lock.lock();
        try {
            if (executor != null) {
                executor.shutdown();
            }
        } finally {
            lock.unlock();
        }
    }
}
