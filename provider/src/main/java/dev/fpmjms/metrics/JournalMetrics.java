package dev.fpmjms.metrics;

import java.util.Objects;

/**
 * The journal of persistent messages at one moment. Immutable.
 *
 * @param sizeBytes    bytes of records in the journal's segment files (space preallocated ahead of
 *                     the records not counted)
 * @param liveBytes    bytes of the records of messages still stored (the rest is reclaimed as
 *                     segments empty)
 * @param forceLatency how long each force of a group commit took, in microseconds
 */
public record JournalMetrics(long sizeBytes, long liveBytes, HistogramSnapshot forceLatency) {

    /** The buckets of {@link #forceLatency()}, in microseconds. */
    public static final long[] FORCE_LATENCY_BOUNDS_US =
            {50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000};

    public JournalMetrics {
        Objects.requireNonNull(forceLatency, "forceLatency");
    }

    /** Forces done so far (each group commit that the fsync policy forces). */
    public long forces() {
        return forceLatency.count();
    }
}
