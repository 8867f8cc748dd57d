package dev.fpmjms.jms;

import dev.fpmjms.engine.PendingSend;
import dev.fpmjms.threads.Wakeups;
import dev.fpmjms.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Asynchronous sends of one session: their completions run in order on one session thread, which
 * calls the CompletionListener (the spec's "callback on another thread", in send order). A task
 * either waits for a persistent send that the calling thread handed to the journal
 * ({@link #submitAfter}: it runs once that send's outcome is known), or (transacted sessions)
 * buffers the send itself, and then calls the listener. Closing, committing and rolling back wait
 * for them ({@link #awaitIdle()}); doing so from a completion callback is refused by the callers,
 * using {@link #currentSession()}.
 *
 * <p>The send thread is handed work with {@link LockSupport#unpark}, and only when it has said it
 * is about to park for want of tasks: a task submitted while it runs, or while it waits for an
 * earlier task's send, does not wake it. When it waits for the send of the task at the head of its
 * queue, the journal's writer wakes it once for the whole batch that send was part of (the later
 * tasks' sends in that batch are done by then). An executor would wake the thread twice per
 * batch, once for the task and once for the write.
 *
 * <p>Thread-safe.
 */
final class AsyncSends {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncSends.class);
    private static final ThreadLocal<FpmSession> CURRENT = new ThreadLocal<>();

    /** A completion task, run once its gate (if any) has its outcome. */
    private record Task(PendingSend gate, Runnable run) {
        boolean isReady() {
            return gate == null || gate.isDone();
        }
    }

    private final FpmSession session;
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    /** Tasks submitted and not finished (guarded by {@link #lock}). */
    private int pending;
    private boolean shutdown;
    private Thread thread;
    /** Set by the send thread just before it parks for want of tasks (and re-checks its queue). */
    private volatile boolean idleParking;
    /** The send the thread parks for (its head task's gate), or {@code null}. */
    private volatile PendingSend waitingFor;

    AsyncSends(FpmSession session) {
        this.session = session;
    }

    /** The session whose CompletionListener the calling thread is running, or {@code null}. */
    static FpmSession currentSession() {
        return CURRENT.get();
    }

    /**
     * Runs a send and its callback on the session's send thread, after the tasks submitted before.
     *
     * @throws jakarta.jms.IllegalStateException when the session is closing
     */
    void submit(Runnable sendAndCallback) throws jakarta.jms.IllegalStateException {
        submitAfter(null, sendAndCallback);
    }

    /**
     * Runs {@code callback} on the session's send thread once {@code gate}'s outcome is known
     * ({@link PendingSend#isDone()}) and the tasks submitted before have run.
     *
     * @param gate the send to wait for, or {@code null}
     * @throws jakarta.jms.IllegalStateException when the session is closing
     */
    void submitAfter(PendingSend gate, Runnable callback) throws jakarta.jms.IllegalStateException {
        Thread t;
        lock.lock();
        try {
            if (shutdown) {
                throw new jakarta.jms.IllegalStateException(session.name() + " is closed");
            }
            if (thread == null) {
                thread = new DaemonThreads("fpm-jms-" + session.name() + "-send").newThread(this::run);
                thread.start();
            }
            t = thread;
            pending++;
            tasks.add(new Task(gate, callback));
        } finally {
            lock.unlock();
        }
        if (idleParking) {
            LockSupport.unpark(t); // else it runs, or waits for an earlier task's send: this one is behind
        }
    }

    private void run() {
        Thread self = Thread.currentThread();
        while (true) {
            Task head = tasks.peek();
            if (head == null) {
                if (isShutdown()) {
                    return;
                }
                idleParking = true;
                if (tasks.isEmpty() && !isShutdown()) {
                    LockSupport.park(this);
                }
                idleParking = false;
            } else if (head.isReady()) {
                tasks.poll();
                runTask(head.run());
            } else {
                // The writer wakes the thread once for the head's batch: the later tasks' writes
                // are done by then, or in a later batch whose head this will be.
                PendingSend gate = head.gate();
                waitingFor = gate;
                gate.whenPublished(outcome -> {
                    if (waitingFor == gate) {
                        Wakeups.unpark(self); // once the writer's whole batch is complete
                    }
                });
                if (!gate.isDone()) {
                    LockSupport.park(this);
                }
                waitingFor = null;
            }
        }
    }

    private void runTask(Runnable task) {
        CURRENT.set(session);
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("{}: a CompletionListener failed", session.name(), e);
        } finally {
            CURRENT.remove();
            Thread.interrupted(); // a callback's interrupt neither reaches the next one nor makes parking spin
            lock.lock();
            try {
                if (--pending == 0) {
                    idle.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
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

    /** Refuses new tasks; the send thread runs those submitted so far, then ends. */
    void shutdown() {
        Thread t;
        lock.lock();
        try {
            shutdown = true;
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
