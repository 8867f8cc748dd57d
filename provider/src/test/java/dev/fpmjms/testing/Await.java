package dev.fpmjms.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The tests' one way to wait for a condition: poll it until it holds or a deadline passes, then
 * fail with a message that says what was awaited and for how long. No test sleeps and then
 * asserts; a busy machine only makes the wait longer, never the test wrong.
 */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A condition to poll; it may throw (the exception fails the wait at once). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /**
     * Polls {@code condition} about every millisecond until it holds.
     *
     * @param what   what is awaited, for the failure message ("timed out after 5 s waiting until ...")
     * @param within how long to wait at most
     * @throws AssertionError the condition did not hold within {@code within}, or the thread was
     *                        interrupted (the interrupt is kept)
     */
    public static void until(String what, Duration within, Condition condition) {
        until(() -> what, within, condition);
    }

    /** As {@link #until(String, Duration, Condition)}, the message made when the wait fails. */
    public static void until(Supplier<String> what, Duration within, Condition condition) {
        poll(what, within, condition, false);
    }

    /**
     * As {@link #until(String, Duration, Condition)}, but spinning ({@link Thread#onSpinWait})
     * instead of parking between polls: for a condition that may hold only briefly (a thread's
     * state during a sub-millisecond sleep).
     */
    public static void spinUntil(Supplier<String> what, Duration within, Condition condition) {
        poll(what, within, condition, true);
    }

    private static void poll(Supplier<String> what, Duration within, Condition condition, boolean spin) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                throw new AssertionError("failed while waiting until " + what.get() + ": " + e, e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + describe(within) + " waiting until " + what.get());
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while waiting until " + what.get());
            }
            if (spin) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
