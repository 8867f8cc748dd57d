package dev.fpmjms.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Watches where the requests of an engine's worker queues are: waits until no queue holds any of a
 * kind (for {@link FpmEngine#awaitDispatched} and the shutdown's drain) and describes them for a
 * diagnostic dump. Any thread; it reads the queues' counters, which may change while it reads.
 */
final class DispatchWatch {

    /** How often a wait looks again: outcomes settle on several engine threads, and waits are rare. */
    private static final long POLL_MILLIS = 5;

    private final Supplier<List<WorkerQueue>> queues;

    /** @param queues the engine's worker queues now (route and subscription queues) */
    DispatchWatch(Supplier<List<WorkerQueue>> queues) {
        this.queues = queues;
    }

    /**
     * Waits until no worker queue {@code holds} requests, polling every few milliseconds.
     *
     * @param giveUp checked between polls: the wait ends early, unsuccessful, once it is true
     * @return {@code true} when none holds any, {@code false} when the timeout ran out or {@code giveUp} held first
     * @throws InterruptedException when interrupted while waiting
     */
    boolean awaitNone(Predicate<WorkerQueue> holds, Duration timeout, BooleanSupplier giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (queues.get().stream().noneMatch(holds)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0 || giveUp.getAsBoolean()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    /**
     * The state of every worker queue holding requests (see {@link FpmEngine#describeDispatch()}),
     * or a sentence saying none does.
     */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (WorkerQueue w : queues.get()) {
            if (w.outbound().holdings().memoryOnly() > 0 || w.inFlight() > 0) {
                b.append(b.length() == 0 ? "" : " || ").append(w.describe());
            }
        }
        return b.length() == 0 ? "no worker queue holds a request" : b.toString();
    }
}
