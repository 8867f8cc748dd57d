package dev.fpmjms.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link LatencyHistogram} held when it was read. Immutable (the arrays are copied in and
 * out).
 *
 * @param unit        the unit of the bounds and of {@link #sum()}
 * @param upperBounds the buckets' inclusive upper bounds, ascending
 * @param counts      per bucket, one more than the bounds: the last counts the values above the highest bound
 * @param sum         the sum of the recorded values
 */
public record HistogramSnapshot(TimeUnit unit, long[] upperBounds, long[] counts, long sum) {

    public HistogramSnapshot {
        Objects.requireNonNull(unit, "unit");
        upperBounds = upperBounds.clone();
        counts = counts.clone();
        if (counts.length != upperBounds.length + 1) {
            throw new IllegalArgumentException("a histogram with " + upperBounds.length + " bounds has "
                    + (upperBounds.length + 1) + " bucket counts, not " + counts.length);
        }
    }

    /** An empty histogram with the given buckets. */
    public static HistogramSnapshot empty(TimeUnit unit, long... upperBounds) {
        return new HistogramSnapshot(unit, upperBounds, new long[upperBounds.length + 1], 0);
    }

    @Override
    public long[] upperBounds() {
        return upperBounds.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** How many values were recorded: the sum of the bucket counts. */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** How many recorded values are at or below {@code bound} (one of {@link #upperBounds()}), for cumulative buckets. */
    public long countAtOrBelow(long bound) {
        long n = 0;
        for (int i = 0; i < upperBounds.length && upperBounds[i] <= bound; i++) {
            n += counts[i];
        }
        return n;
    }

    /** The mean of the recorded values in {@link #unit()}, or 0 when none was recorded. */
    public double mean() {
        long n = count();
        return n == 0 ? 0 : (double) sum / n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramSnapshot h && unit == h.unit && sum == h.sum
                && Arrays.equals(upperBounds, h.upperBounds) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, sum, Arrays.hashCode(upperBounds), Arrays.hashCode(counts));
    }

    @Override
    public String toString() {
        return "HistogramSnapshot[count=" + count() + ", sum=" + sum + " " + unit + ", bounds="
                + Arrays.toString(upperBounds) + ", counts=" + Arrays.toString(counts) + "]";
    }
}
