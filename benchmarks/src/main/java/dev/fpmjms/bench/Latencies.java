package dev.fpmjms.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * A latency histogram in nanoseconds (3 significant digits, up to one minute; longer samples are
 * clamped). {@link #record} may be called from any thread at once.
 */
final class Latencies {

    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(1);

    private final Histogram histogram = new ConcurrentHistogram(1, HIGHEST, 3);

    void record(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(nanos, HIGHEST)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The latency at {@code percentile} (0-100) in microseconds, 0 when nothing was recorded. */
    long percentileMicros(double percentile) {
        if (histogram.getTotalCount() == 0) {
            return 0;
        }
        return TimeUnit.NANOSECONDS.toMicros(histogram.getValueAtPercentile(percentile));
    }

    double meanMicros() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMean() / 1000.0;
    }
}
