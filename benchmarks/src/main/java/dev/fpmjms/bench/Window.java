package dev.fpmjms.bench;

import java.util.Map;

/**
 * The measurement window of one scenario: wall time and JVM allocation between {@link #open()}
 * and {@link #close()}, turned into a {@link ScenarioResult}. Used by one thread.
 */
final class Window {

    private final HeapProbe probe;
    private long startNanos;
    private long endNanos;
    private Map<Long, Long> allocStart;
    private Map<Long, Long> allocEnd;
    private long jvmCpuStart;
    private long jvmCpuEnd;
    private long phpCpuStart;
    private long phpCpuEnd;
    private volatile boolean open;

    Window(HeapProbe probe) {
        this.probe = probe;
    }

    void open() {
        allocStart = probe.allocationSnapshot();
        jvmCpuStart = CpuMeter.jvmNanos();
        phpCpuStart = CpuMeter.phpNanos();
        startNanos = System.nanoTime();
        open = true;
    }

    void close() {
        open = false;
        endNanos = System.nanoTime();
        jvmCpuEnd = CpuMeter.jvmNanos();
        phpCpuEnd = CpuMeter.phpNanos();
        allocEnd = probe.allocationSnapshot();
    }

    /** Whether samples taken now count: between {@link #open()} and {@link #close()}; any thread. */
    boolean isOpen() {
        return open;
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /**
     * Builds the result; runs a GC for the heap figure, so call it while the scenario's resources
     * are still alive (their footprint is part of the figure).
     *
     * @param messages operations completed inside the window
     */
    ScenarioResult result(String name, long messages, Latencies latencies) {
        long allocated = HeapProbe.allocatedBetween(allocStart, allocEnd);
        long alloc = allocated < 0 || messages == 0 ? -1 : allocated / messages;
        return measured(name, messages, latencies, alloc, CpuMeter.microsPerOp(jvmCpuStart, jvmCpuEnd, messages),
                CpuMeter.microsPerOp(phpCpuStart, phpCpuEnd, messages));
    }

    private ScenarioResult measured(String name, long messages, Latencies latencies, long alloc, long jvmCpu,
                                    long phpCpu) {
        return new ScenarioResult(name, messages, messages / Math.max(1e-9, seconds()), latencies.percentileMicros(50),
                latencies.percentileMicros(99), latencies.percentileMicros(99.9), probe.usedHeapAfterGcMb(), alloc,
                jvmCpu, phpCpu);
    }

    /**
     * As {@link #result}, without the allocation and CPU figures (-1): for a window shared by two
     * kinds of operation ({@link ClosedLoop#runPaired}).
     */
    ScenarioResult resultWithoutCpu(String name, long messages, Latencies latencies) {
        return measured(name, messages, latencies, -1, -1, -1);
    }

    /** A result from figures measured outside this JVM (wrk): rate and percentiles given. */
    ScenarioResult externalResult(String name, long messages, double rate, long p50, long p99, long p999) {
        return new ScenarioResult(name, messages, rate, p50, p99, p999, probe.usedHeapAfterGcMb(), -1,
                -1, CpuMeter.microsPerOp(phpCpuStart, phpCpuEnd, messages));
    }
}
