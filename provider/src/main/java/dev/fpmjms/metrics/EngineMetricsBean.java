package dev.fpmjms.metrics;

import java.util.Objects;
import java.util.function.Supplier;

/** {@link EngineMetricsMXBean} over a snapshot source. Thread-safe. */
final class EngineMetricsBean implements EngineMetricsMXBean {

    private final Supplier<EngineMetrics> metrics;

    EngineMetricsBean(Supplier<EngineMetrics> metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    private JournalMetrics journal() {
        return metrics.get().journal();
    }

    @Override
    public String[] getWorkerQueues() {
        return metrics.get().queues().stream().map(QueueMetrics::queue).toArray(String[]::new);
    }

    @Override
    public long getDeadLetterQueueDepth() {
        return metrics.get().deadLetterQueueDepth();
    }

    @Override
    public long getJournalSizeBytes() {
        JournalMetrics j = journal();
        return j == null ? -1 : j.sizeBytes();
    }

    @Override
    public long getJournalLiveBytes() {
        JournalMetrics j = journal();
        return j == null ? -1 : j.liveBytes();
    }

    @Override
    public long getJournalForces() {
        JournalMetrics j = journal();
        return j == null ? -1 : j.forces();
    }

    @Override
    public long getJournalForceTotalMicros() {
        JournalMetrics j = journal();
        return j == null ? -1 : j.forceLatency().sum();
    }

    @Override
    public double getJournalForceMeanMicros() {
        JournalMetrics j = journal();
        return j == null ? -1 : j.forceLatency().mean();
    }

    @Override
    public long[] getJournalForceBucketBounds() {
        return JournalMetrics.FORCE_LATENCY_BOUNDS_US.clone();
    }

    @Override
    public long[] getJournalForceBucketCounts() {
        JournalMetrics j = journal();
        return j == null ? new long[0] : j.forceLatency().counts();
    }
}
