package dev.fpmjms.bench;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Drives an operation with a bounded number outstanding: a warm-up, then a measured window, then
 * a drain of what is still outstanding. {@link #run} starts asynchronous operations from the
 * caller's thread (completions may arrive on any thread); {@link #runBlocking} runs a blocking
 * operation in a loop on each of {@code threads} threads.
 *
 * <p>Latency is from just before {@link Operation#start()} to the completion callback; an
 * operation counts when it is started and completed inside the window (the warm-up's are
 * recorded too, and thrown away, so that the recording code is compiled before the window). Bounded: the loop ends at the end
 * of the window, and each wait for a free slot or for the drain gives up after
 * {@link #STALL_TIMEOUT}, failing the scenario with an {@link IllegalStateException} that says so.
 */
final class ClosedLoop {

    /** The most operations one phase (warm-up or window) starts, a bound besides its length. */
    static final long MAX_OPERATIONS = 100_000_000L;

    /** How long the loop waits for one free slot (or for the drain) before it calls the run stalled. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    /** One operation; {@code start} must not block for long, the returned stage completes when it is done. */
    @FunctionalInterface
    interface Operation {
        CompletionStage<?> start() throws Exception;
    }

    /** One blocking operation; returns when it is done. */
    @FunctionalInterface
    interface BlockingOperation {
        void run() throws Exception;
    }

    private ClosedLoop() {
    }

    /**
     * Runs warm-up and window for {@code name} with {@code threads} threads each calling
     * {@code op} in a loop; the caller's thread only keeps time.
     *
     * @throws IllegalStateException an operation failed (the first failure is the cause) or a
     *                               thread did not finish within {@link #STALL_TIMEOUT} after the window
     */
    static ScenarioResult runBlocking(String name, BenchOptions options, int threads, HeapProbe probe,
                                      BlockingOperation op) throws Exception {
        return runBlocking(name, options, threads, probe, i -> op);
    }

    /**
     * As {@link #runBlocking(String, BenchOptions, int, HeapProbe, BlockingOperation)}, thread
     * {@code i} (0 to {@code threads - 1}) calling {@code perThread.apply(i)}: for operations
     * that own a connection each.
     */
    static ScenarioResult runBlocking(String name, BenchOptions options, int threads, HeapProbe probe,
                                      IntFunction<BlockingOperation> perThread) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Latencies latencies = new Latencies();
        LongAdder completed = new LongAdder();
        Window window = new Window(probe);
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] workers = new Thread[threads];
        Latencies warmLatencies = new Latencies();
        LongAdder warmCompleted = new LongAdder();
        for (int i = 0; i < threads; i++) {
            BlockingOperation op = perThread.apply(i);
            workers[i] = new Thread(() -> {
                try {
                    for (long n = 0; n < MAX_OPERATIONS && !stop.get() && failure.get() == null; n++) {
                        long t0 = System.nanoTime();
                        op.run();
                        // The warm-up records too (and is thrown away): the measured code is compiled for it.
                        boolean open = window.isOpen();
                        (open ? latencies : warmLatencies).record(System.nanoTime() - t0);
                        (open ? completed : warmCompleted).increment();
                    }
                } catch (Exception | Error e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + name + "-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        warmUpAndMeasure(name, options, window, failure, stop);
        joinWorkers(name, workers, failure);
        return window.result(name, completed.sum(), latencies);
    }

    /**
     * Two blocking operations in turn on one thread (A then B, then B then A, ...), each timed on
     * its own: a comparison that the machine's drift cannot bias, since both run in the same
     * seconds. Warm-up and window as {@link #runBlocking}.
     *
     * @return the results for A ({@code nameA}) and B ({@code nameB}); rates count each kind's
     *         operations over the shared window; CPU per message is not given (-1): the window
     *         holds both kinds
     */
    static ScenarioResult[] runPaired(String nameA, BlockingOperation a, String nameB, BlockingOperation b,
                                      BenchOptions options, HeapProbe probe) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Latencies latA = new Latencies();
        Latencies latB = new Latencies();
        LongAdder pairs = new LongAdder();
        Window window = new Window(probe);
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                for (long n = 0; n < MAX_OPERATIONS && !stop.get() && failure.get() == null; n++) {
                    boolean aFirst = (n & 1) == 0;
                    long t0 = System.nanoTime();
                    (aFirst ? a : b).run();
                    long t1 = System.nanoTime();
                    (aFirst ? b : a).run();
                    long t2 = System.nanoTime();
                    if (window.isOpen()) {
                        latA.record(aFirst ? t1 - t0 : t2 - t1);
                        latB.record(aFirst ? t2 - t1 : t1 - t0);
                        pairs.increment();
                    }
                }
            } catch (Exception | Error e) {
                failure.compareAndSet(null, e);
            }
        }, "bench-" + nameA + "-paired");
        worker.setDaemon(true);
        worker.start();
        warmUpAndMeasure(nameA, options, window, failure, stop);
        joinWorkers(nameA, new Thread[] {worker}, failure);
        long n = pairs.sum();
        return new ScenarioResult[] {window.resultWithoutCpu(nameA, n, latA), window.resultWithoutCpu(nameB, n, latB)};
    }

    /**
     * Warms up, then holds the window open for the measured duration. Keeps time, does not
     * synchronise: the workers stop when {@code stop} is set, after the window (or on a failure).
     */
    private static void warmUpAndMeasure(String name, BenchOptions options, Window window,
                                         AtomicReference<Throwable> failure, AtomicBoolean stop) throws Exception {
        try {
            warmedUp(name, new JitWarmup().warmUp(options.warmup(), length -> sleepUnlessFailed(length, failure)));
            window.open();
            sleepUnlessFailed(options.duration(), failure);
            window.close();
        } finally {
            stop.set(true);
        }
    }

    /** Waits for the stopped workers, then throws the first failure of any of them. */
    private static void joinWorkers(String name, Thread[] workers, AtomicReference<Throwable> failure) throws Exception {
        long joinDeadline = System.nanoTime() + STALL_TIMEOUT.toNanos();
        for (Thread t : workers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            if (t.isAlive()) {
                throw new IllegalStateException("scenario " + name + ": " + t.getName() + " still busy "
                        + STALL_TIMEOUT.toSeconds() + " s after the window closed", failure.get());
            }
        }
        throwIfFailed(name, failure);
    }

    private static void warmedUp(String name, Duration took) {
        System.err.printf("bench: %s warmed up in %.1f s%n", name, took.toMillis() / 1000.0);
    }

    private static void sleepUnlessFailed(Duration length, AtomicReference<Throwable> failure)
            throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0 && failure.get() == null) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /**
     * Runs warm-up and window for {@code name}.
     *
     * @throws IllegalStateException an operation failed (the first failure is the cause) or the run stalled
     * @throws InterruptedException  the caller was interrupted
     */
    static ScenarioResult run(String name, BenchOptions options, int inFlight, HeapProbe probe, Operation op)
            throws Exception {
        Credits slots = new Credits(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Latencies latencies = new Latencies();
        LongAdder completed = new LongAdder();
        Window window = new Window(probe);

        // The warm-up records its operations too (and throws them away), through the same callback:
        // code first run when the window opens would be compiled, or deoptimised, while measured.
        // One supplier for both phases: a second type at the callback's call site would deoptimise it.
        AtomicBoolean recording = new AtomicBoolean(true);
        BooleanSupplier counting = recording::get;
        Latencies warmLatencies = new Latencies();
        LongAdder warmCompleted = new LongAdder();
        warmedUp(name, new JitWarmup().warmUp(options.warmup(),
                length -> drive(name, slots, failure, counting, warmLatencies, warmCompleted, op, length)));
        window.open();
        drive(name, slots, failure, counting, latencies, completed, op, options.duration());
        window.close();
        recording.set(false);
        awaitDrain(name, slots, failure);
        return window.result(name, completed.sum(), latencies);
    }

    /**
     * Starts operations for {@code length}, at most {@code slots}' permits outstanding; an operation
     * that completes while {@code counting} says so is recorded. Returns at the end of
     * {@code length} without waiting for the outstanding ones ({@link #awaitDrain} does).
     */
    static void drive(String name, Credits slots, AtomicReference<Throwable> failure, BooleanSupplier counting,
                      Latencies latencies, LongAdder completed, Operation op, Duration length)
            throws Exception {
        long end = System.nanoTime() + length.toNanos();
        for (long n = 0; n < MAX_OPERATIONS && System.nanoTime() - end < 0; n++) {
            if (!slots.take(STALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw stalled(name, failure.get());
            }
            throwIfFailed(name, failure);
            long t0 = System.nanoTime();
            CompletionStage<?> stage;
            try {
                stage = op.start();
            } catch (Exception | Error e) {
                slots.giveBack();
                throw e;
            }
            stage.whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else if (counting.getAsBoolean()) {
                    latencies.record(System.nanoTime() - t0);
                    completed.increment();
                }
                slots.giveBack();
            });
        }
        throwIfFailed(name, failure);
    }

    /** Waits until every credit is back: nothing is outstanding; throws a failure. */
    static void awaitDrain(String name, Credits slots, AtomicReference<Throwable> failure)
            throws InterruptedException {
        if (!slots.awaitAll(STALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("scenario " + name + ": " + (slots.size() - slots.free())
                    + " operations still outstanding " + STALL_TIMEOUT.toSeconds() + " s after the window closed",
                    failure.get());
        }
        throwIfFailed(name, failure);
    }

    private static void throwIfFailed(String name, AtomicReference<Throwable> failure) {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("scenario " + name + " failed: " + t, t);
        }
    }

    private static IllegalStateException stalled(String name, Throwable cause) {
        return new IllegalStateException("scenario " + name + " stalled: no operation completed within "
                + STALL_TIMEOUT.toSeconds() + " s", cause);
    }
}
