package dev.fpmjms.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * What one scenario measured, and its {@code bench:} output line.
 *
 * @param name          scenario name, e.g. {@code fpmjms-e2e-nonpersistent-64B}
 * @param messages      operations completed inside the measurement window
 * @param msgsPerSecond completed operations per second over the window
 * @param p50Micros     median latency in microseconds
 * @param p99Micros     99th percentile latency in microseconds
 * @param p999Micros    99.9th percentile latency in microseconds
 * @param heapMb        used heap after a GC at the end of the window, in MiB
 * @param allocBytesPerMsg bytes allocated by the JVM's threads per completed operation, or -1
 *                      when the JVM cannot tell
 * @param jvmCpuMicrosPerMsg CPU microseconds the JVM (all its threads) used per completed operation
 *                      over the window, or -1 (not measured: wrk's scenario, where the JVM is idle)
 * @param phpCpuMicrosPerMsg CPU microseconds the php-fpm pool (master and children) used per
 *                      completed operation over the window, or -1
 */
record ScenarioResult(String name, long messages, double msgsPerSecond, long p50Micros, long p99Micros,
                      long p999Micros, double heapMb, long allocBytesPerMsg, long jvmCpuMicrosPerMsg,
                      long phpCpuMicrosPerMsg) {

    ScenarioResult {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("scenario name must be non-blank without spaces, was: '" + name + "'");
        }
    }

    /**
     * The output line: the five fields the issue asks for first, extra fields after them so that a
     * reader of the first five is not disturbed.
     */
    String line() {
        return String.format(Locale.ROOT,
                "bench: scenario=%s msgs_per_s=%.0f p50_us=%d p99_us=%d heap_mb=%.1f p999_us=%d alloc_b_per_msg=%d msgs=%d"
                        + " jvm_cpu_us_per_msg=%d php_cpu_us_per_msg=%d",
                name, msgsPerSecond, p50Micros, p99Micros, heapMb, p999Micros, allocBytesPerMsg, messages,
                jvmCpuMicrosPerMsg, phpCpuMicrosPerMsg);
    }

    /** {@code bench: ratio a/b=x} with two decimals; {@code NaN} values print as {@code n/a}. */
    static String ratioLine(String numerator, String denominator, double ratio) {
        String value = Double.isNaN(ratio) || Double.isInfinite(ratio)
                ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
        return "bench: ratio " + numerator + "/" + denominator + "=" + value;
    }
}
