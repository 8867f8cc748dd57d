package dev.fpmjms.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides when a warm-up is over: after the configured warm-up time, and then only once the JIT
 * compiler has been quiet, i.e. its accumulated compilation time grew by less than
 * {@link #QUIET_COMPILE_MILLIS} in each of the last {@link #QUIET_CHECKS} {@link #CHECK_INTERVAL}s,
 * for at most {@link #MAX_EXTRA_FACTOR} times the warm-up in addition. A scenario whose code is
 * still being compiled while it is measured pays twice on these 2-core machines: the C2 thread
 * takes CPU from the PHP workers and the measured threads alike, and the code not compiled yet
 * runs as C1's slower, profiling code. One quiet interval is not enough: on a loaded machine C2
 * takes the hot methods in bursts with pauses of a second between them (seen with
 * {@code -XX:+PrintCompilation}: the engine's reply decoding reached C2 only 8.9 s into a run
 * whose warm-up had ended at 8.1 s on one quiet half-second).
 *
 * <p>Used by one thread. Without a compilation bean (or with warm-up 0) it waits the warm-up only.
 */
final class JitWarmup {

    /** How often the compiler's progress is checked once the warm-up time is over. */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    /** Compilation milliseconds per check interval below which the compiler counts as quiet. */
    static final long QUIET_COMPILE_MILLIS = 20;
    /** How many check intervals in a row must be quiet. */
    static final int QUIET_CHECKS = 4;
    /**
     * The warm-up is extended by at most this many times its own length. On a loaded 2-core
     * machine C2 took 30 to 70 s to compile fpm-jms's hot path (a bare loop's in a few seconds):
     * a window opened earlier measured C1's profiling code and the compiler's own CPU.
     */
    static final int MAX_EXTRA_FACTOR = 8;

    private final LongSupplier compileMillis;

    JitWarmup() {
        this(jitClock());
    }

    /** @param compileMillis accumulated compilation time in ms, or {@code null} when unknown */
    JitWarmup(LongSupplier compileMillis) {
        this.compileMillis = compileMillis;
    }

    private static LongSupplier jitClock() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        return bean != null && bean.isCompilationTimeMonitoringSupported() ? bean::getTotalCompilationTime : null;
    }

    /** A step of the warm-up: run the load for {@code length} (or sleep while it runs elsewhere). */
    @FunctionalInterface
    interface Phase {
        void run(Duration length) throws Exception;
    }

    /**
     * Runs {@code phase} for the warm-up, then in {@link #CHECK_INTERVAL} steps until the compiler has
     * been quiet for {@link #QUIET_CHECKS} steps in a row or the extension is used up.
     *
     * @return how long the warm-up took in all
     */
    Duration warmUp(Duration warmup, Phase phase) throws Exception {
        long start = System.nanoTime();
        if (warmup.isZero()) {
            return Duration.ZERO;
        }
        phase.run(warmup);
        if (compileMillis != null) {
            long extraSteps = MAX_EXTRA_FACTOR * warmup.toNanos() / CHECK_INTERVAL.toNanos();
            int quiet = 0;
            for (long i = 0; i < extraSteps && quiet < QUIET_CHECKS; i++) {
                long before = compileMillis.getAsLong();
                phase.run(CHECK_INTERVAL);
                quiet = compileMillis.getAsLong() - before < QUIET_COMPILE_MILLIS ? quiet + 1 : 0;
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
