package dev.fpmjms.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram of durations in fixed buckets: each bucket counts the values at or below its upper
 * bound and above the previous one, a last bucket counts those above the highest bound. Recording
 * is a bucket lookup and two {@link LongAdder} increments: no lock, no allocation, safe from any
 * number of threads at once. A {@link #snapshot()} read while values are recorded may miss the
 * newest ones or see a value in its bucket and not yet in the sum; it never goes back.
 */
public final class LatencyHistogram {

    private final TimeUnit unit;
    private final long[] upperBounds;
    /** One per bound, and one for the values above the highest bound. */
    private final LongAdder[] counts;
    private final LongAdder sum = new LongAdder();

    /**
     * @param unit        the unit of the recorded values and of the bounds
     * @param upperBounds the buckets' upper bounds (inclusive), at least one, positive and ascending
     * @throws IllegalArgumentException for no bound, a bound below 1, or bounds out of order
     */
    public LatencyHistogram(TimeUnit unit, long... upperBounds) {
        this.unit = Objects.requireNonNull(unit, "unit");
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bucket bound");
        }
        for (int i = 0; i < upperBounds.length; i++) {
            if (upperBounds[i] < 1 || i > 0 && upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must be positive and ascending, not "
                        + Arrays.toString(upperBounds) + " (at index " + i + ")");
            }
        }
        this.upperBounds = upperBounds.clone();
        this.counts = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Records one value in this histogram's unit; a negative value (unknown) is ignored. */
    public void record(long value) {
        if (value < 0) {
            return;
        }
        int i = 0;
        while (i < upperBounds.length && value > upperBounds[i]) {
            i++;
        }
        counts[i].increment();
        sum.add(value);
    }

    public TimeUnit unit() {
        return unit;
    }

    /** The values recorded so far; see the class comment for what a concurrent read sees. */
    public HistogramSnapshot snapshot() {
        long[] c = new long[counts.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].sum();
        }
        return new HistogramSnapshot(unit, upperBounds, c, sum.sum());
    }
}
