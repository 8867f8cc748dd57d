package dev.fpmjms.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The entries of a {@link LocalQueue} that may not be delivered yet (a delivery delay, or a
 * redelivery delay after a release), in the order they fall due, and the one timer that calls the
 * queue back when the earliest of them is due.
 *
 * <p>Not thread-safe: guarded by the owning queue's lock. Every method is called with that lock
 * held; the timer's callback ({@code onDue}) runs on the timer thread without it and must take it,
 * then call {@link #timerFired}.
 */
final class DelayedEntries {
    private final PriorityQueue<QueueEntry> entries = new PriorityQueue<>(QueueEntry.DUE_ORDER);
    private final ScheduledExecutorService timer;
    private final Runnable onDue;
    private ScheduledFuture<?> dueTimer;
    private long dueTimerAt = Long.MAX_VALUE;

    /**
     * @param timer runs {@code onDue}
     * @param onDue called on the timer thread when the earliest entry may be due
     */
    DelayedEntries(ScheduledExecutorService timer, Runnable onDue) {
        this.timer = timer;
        this.onDue = onDue;
    }

    /** Holds an entry until its {@code notBefore}; makes sure the timer fires by then. */
    void add(QueueEntry entry, long now) {
        entries.add(entry);
        scheduleTimer(entry.notBefore, now);
    }

    /**
     * Moves every entry due at {@code now} into {@code ready} (its {@code notBefore} cleared).
     *
     * @return whether any moved
     */
    boolean moveDue(long now, Collection<QueueEntry> ready) {
        boolean moved = false;
        QueueEntry head;
        while ((head = entries.peek()) != null && head.notBefore <= now) {
            entries.poll();
            head.notBefore = 0;
            ready.add(head);
            moved = true;
        }
        return moved;
    }

    /** The timer has fired (called from {@code onDue}, lock held): sets it again for the next entry, if any. */
    void timerFired(long now) {
        dueTimer = null;
        dueTimerAt = Long.MAX_VALUE;
        QueueEntry next = entries.peek();
        if (next != null) {
            scheduleTimer(next.notBefore, now);
        }
    }

    /** A copy of the entries, in no particular order. */
    List<QueueEntry> snapshot() {
        return new java.util.ArrayList<>(entries);
    }

    int size() {
        return entries.size();
    }

    /** Removes every entry and stops the timer; returns what was held, in no particular order. */
    List<QueueEntry> clear() {
        List<QueueEntry> all = new ArrayList<>(entries);
        entries.clear();
        if (dueTimer != null) {
            dueTimer.cancel(false);
            dueTimer = null;
            dueTimerAt = Long.MAX_VALUE;
        }
        return all;
    }

    private void scheduleTimer(long at, long now) {
        if (at >= dueTimerAt && dueTimer != null && !dueTimer.isDone()) {
            return;
        }
        if (dueTimer != null) {
            dueTimer.cancel(false);
        }
        dueTimerAt = at;
        try {
            dueTimer = timer.schedule(onDue, Math.max(1, at - now), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The engine is shutting down: nothing will be delivered any more.
            dueTimer = null;
            dueTimerAt = Long.MAX_VALUE;
        }
    }
}
