package dev.fpmjms.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Two loads that take turns in short slices (A then B, then B then A, ...), so that the rates of
 * both come from the same seconds of a machine whose speed drifts (these VMs share their cores):
 * the drift-free way to compare two throughputs. Each slice ends with a drain, so nothing of A is
 * in flight while B runs.
 *
 * <p>Each side's rate is its operations over its own slices' time, and its allocation and CPU
 * figures are those of its own slices. Used by one thread.
 */
final class AlternatingLoop {

    /** How long one side of a closed loop in this JVM runs before the other takes over. */
    static final Duration SLICE = Duration.ofMillis(500);

    /** One of the two loads. */
    interface Side {
        String name();

        /** Runs the load for about {@code length} and drains it; counts it when {@code measured}. */
        void slice(Duration length, boolean measured) throws Exception;

        /** What the measured slices added up to. */
        ScenarioResult result();
    }

    private AlternatingLoop() {
    }

    /**
     * Two closed loops in this JVM ({@link #closedLoop}) in {@link #SLICE} turns.
     *
     * @return the results of A and B
     * @throws IllegalStateException an operation failed or a side stalled
     */
    static ScenarioResult[] run(String nameA, ClosedLoop.Operation a, String nameB, ClosedLoop.Operation b,
                                BenchOptions options, int inFlight, HeapProbe probe) throws Exception {
        return run(closedLoop(nameA, a, inFlight, probe), closedLoop(nameB, b, inFlight, probe), options, SLICE);
    }

    /**
     * Warms both sides up in turns, then measures {@code options.duration()} of each in slices of
     * {@code slice}.
     *
     * @return the results of A and B
     */
    static ScenarioResult[] run(Side sideA, Side sideB, BenchOptions options, Duration slice) throws Exception {
        Duration took = new JitWarmup().warmUp(options.warmup(), length -> {
            for (long end = System.nanoTime() + length.toNanos(); System.nanoTime() - end < 0; ) {
                sideA.slice(slice, false);
                sideB.slice(slice, false);
            }
        });
        System.err.printf("bench: %s and %s warmed up in %.1f s%n", sideA.name(), sideB.name(), took.toMillis() / 1000.0);
        long slices = Math.max(1, options.duration().toNanos() / slice.toNanos());
        for (long i = 0; i < slices; i++) {
            Side first = (i & 1) == 0 ? sideA : sideB;
            first.slice(slice, true);
            (first == sideA ? sideB : sideA).slice(slice, true);
        }
        return new ScenarioResult[] {sideA.result(), sideB.result()};
    }

    /**
     * A closed loop in this JVM with its own window of {@code inFlight} outstanding operations; its
     * rate includes each slice's drain. Its JVM CPU includes whatever the idle other side's threads
     * spend (next to nothing), its PHP CPU is that of the watched pool.
     */
    static Side closedLoop(String name, ClosedLoop.Operation op, int inFlight, HeapProbe probe) {
        return new ClosedLoopSide(name, List.of(op), inFlight, probe);
    }

    /**
     * Closed loops that run at the same time, each on a thread of its own with its own window of
     * {@code inFlightEach} (two application instances, say), counted together as one side.
     */
    static Side closedLoops(String name, List<ClosedLoop.Operation> ops, int inFlightEach, HeapProbe probe) {
        return new ClosedLoopSide(name, ops, inFlightEach, probe);
    }

    /**
     * Blocking loops, one thread each calling its operation over and over (one connection per
     * thread, say: the bare FastCGI loop), counted together as one side. The threads are started
     * for each slice and end with it: an operation in progress at the slice's end finishes first.
     */
    static Side blockingLoops(String name, List<ClosedLoop.BlockingOperation> ops, HeapProbe probe) {
        return new BlockingSide(name, ops, probe);
    }

    /**
     * What a side's measured slices added up to: operations, latencies, time, allocation and CPU.
     * {@link #begin}/{@link #end} bracket one slice, on the thread that runs the slices.
     */
    private static final class SliceTotals {
        private final String name;
        private final HeapProbe probe;
        final Latencies latencies = new Latencies();
        final LongAdder completed = new LongAdder();
        private long nanos;
        private long allocated;
        private long jvmCpuNanos;
        private long phpCpuNanos;
        private boolean jvmCpuKnown = true;
        private boolean phpCpuKnown = true;
        private Map<Long, Long> alloc0;
        private long jvm0;
        private long php0;
        private long t0;
        private long[] sw0;
        private final long[] switches = new long[4];

        SliceTotals(String name, HeapProbe probe) {
            this.name = name;
            this.probe = probe;
        }

        void begin(boolean measured) {
            alloc0 = measured ? probe.allocationSnapshot() : null;
            jvm0 = CpuMeter.jvmNanos();
            php0 = CpuMeter.phpNanos();
            sw0 = measured ? CpuMeter.switches() : null;
            t0 = System.nanoTime();
        }

        void end(boolean measured) {
            if (!measured) {
                return;
            }
            nanos += System.nanoTime() - t0;
            long[] sw1 = CpuMeter.switches();
            for (int i = 0; i < switches.length; i++) {
                switches[i] += sw1[i] - sw0[i];
            }
            long jvm1 = CpuMeter.jvmNanos();
            long php1 = CpuMeter.phpNanos();
            jvmCpuKnown &= jvm0 >= 0 && jvm1 >= 0;
            phpCpuKnown &= php0 >= 0 && php1 >= 0;
            jvmCpuNanos += jvm1 - jvm0;
            phpCpuNanos += php1 - php0;
            long a = HeapProbe.allocatedBetween(alloc0, probe.allocationSnapshot());
            allocated = allocated < 0 || a < 0 ? -1 : allocated + a;
        }

        ScenarioResult result() {
            long n = completed.sum();
            double seconds = Math.max(1e-9, nanos / 1e9);
            if (n > 0) {
                System.out.printf(java.util.Locale.ROOT, "bench: switches scenario=%s php_children_voluntary_per_msg=%.2f"
                        + " php_children_involuntary_per_msg=%.2f jvm_voluntary_per_msg=%.2f jvm_involuntary_per_msg=%.2f%n",
                        name, switches[0] / (double) n, switches[1] / (double) n, switches[2] / (double) n,
                        switches[3] / (double) n);
            }
            return new ScenarioResult(name, n, n / seconds, latencies.percentileMicros(50),
                    latencies.percentileMicros(99), latencies.percentileMicros(99.9), probe.usedHeapAfterGcMb(),
                    allocated < 0 || n == 0 ? -1 : allocated / n, jvmCpuKnown ? CpuMeter.microsPerOp(0, jvmCpuNanos, n) : -1,
                    phpCpuKnown ? CpuMeter.microsPerOp(0, phpCpuNanos, n) : -1);
        }
    }

    /** The operations of a side, their windows and what its measured slices added up to. */
    private static final class ClosedLoopSide implements Side {
        private final String name;
        private final List<ClosedLoop.Operation> ops;
        private final List<Credits> slots = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final SliceTotals totals;
        /** Thrown away: warm-up slices record too, so that the measured code is compiled for them. */
        private final SliceTotals warm;
        private volatile boolean counting;
        private final BooleanSupplier isCounting = () -> counting;

        ClosedLoopSide(String name, List<ClosedLoop.Operation> ops, int inFlight, HeapProbe probe) {
            this.name = name;
            this.ops = List.copyOf(ops);
            this.totals = new SliceTotals(name, probe);
            this.warm = new SliceTotals(name, probe);
            for (int i = 0; i < ops.size(); i++) {
                slots.add(new Credits(inFlight));
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void slice(Duration length, boolean measured) throws Exception {
            totals.begin(measured);
            counting = true;
            Latencies latencies = (measured ? totals : warm).latencies;
            LongAdder completed = (measured ? totals : warm).completed;
            List<Thread> others = new ArrayList<>();
            for (int i = 1; i < ops.size(); i++) {
                int k = i;
                Thread t = new Thread(() -> {
                    try {
                        ClosedLoop.drive(name, slots.get(k), failure, isCounting, latencies, completed, ops.get(k), length);
                    } catch (Exception | Error e) {
                        failure.compareAndSet(null, e);
                    }
                }, "bench-" + name + "-" + k);
                t.start();
                others.add(t);
            }
            ClosedLoop.drive(name, slots.get(0), failure, isCounting, latencies, completed, ops.get(0), length);
            for (Thread t : others) {
                t.join();
            }
            for (Credits s : slots) {
                ClosedLoop.awaitDrain(name, s, failure); // the next slice starts with every credit free
            }
            counting = false;
            totals.end(measured);
        }

        @Override
        public ScenarioResult result() {
            return totals.result();
        }
    }

    /** Blocking operations on a thread each per slice; what its measured slices added up to. */
    private static final class BlockingSide implements Side {
        private final String name;
        private final List<ClosedLoop.BlockingOperation> ops;
        private final SliceTotals totals;
        /** Thrown away: warm-up slices record too, so that the measured code is compiled for them. */
        private final SliceTotals warm;

        BlockingSide(String name, List<ClosedLoop.BlockingOperation> ops, HeapProbe probe) {
            this.name = name;
            this.ops = List.copyOf(ops);
            this.totals = new SliceTotals(name, probe);
            this.warm = new SliceTotals(name, probe);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void slice(Duration length, boolean measured) throws Exception {
            totals.begin(measured);
            long end = System.nanoTime() + length.toNanos();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            SliceTotals into = measured ? totals : warm;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                ClosedLoop.BlockingOperation op = ops.get(i);
                Thread t = new Thread(() -> {
                    try {
                        while (System.nanoTime() - end < 0 && failure.get() == null) {
                            long t0 = System.nanoTime();
                            op.run();
                            into.latencies.record(System.nanoTime() - t0);
                            into.completed.increment();
                        }
                    } catch (Exception | Error e) {
                        failure.compareAndSet(null, e);
                    }
                }, "bench-" + name + "-" + i);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join(length.toMillis() + ClosedLoop.STALL_TIMEOUT.toMillis());
                if (t.isAlive()) {
                    throw new IllegalStateException("scenario " + name + ": " + t.getName() + " still busy "
                            + ClosedLoop.STALL_TIMEOUT.toSeconds() + " s after its slice", failure.get());
                }
            }
            if (failure.get() != null) {
                throw new IllegalStateException("scenario " + name + " failed: " + failure.get(), failure.get());
            }
            totals.end(measured);
        }

        @Override
        public ScenarioResult result() {
            return totals.result();
        }
    }
}
