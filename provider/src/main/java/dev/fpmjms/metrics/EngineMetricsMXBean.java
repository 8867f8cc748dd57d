package dev.fpmjms.metrics;

/**
 * An engine's own metrics in JMX, registered as {@code dev.fpmjms:type=EngineMetrics,engine=<name>}
 * ({@link MetricsJmx#engineName}): the dead-letter queue and the journal. Journal attributes are
 * {@code -1} when the engine has no data directory. Each read takes a fresh {@link EngineMetrics}.
 */
public interface EngineMetricsMXBean {

    /** The worker queues that have a {@link QueueMetricsMXBean}. */
    String[] getWorkerQueues();

    long getDeadLetterQueueDepth();

    /** {@link JournalMetrics#sizeBytes()}, or -1. */
    long getJournalSizeBytes();

    /** {@link JournalMetrics#liveBytes()}, or -1. */
    long getJournalLiveBytes();

    /** Forces of group commits done so far, or -1. */
    long getJournalForces();

    long getJournalForceTotalMicros();

    double getJournalForceMeanMicros();

    /** The force latency buckets' inclusive upper bounds, in microseconds. */
    long[] getJournalForceBucketBounds();

    /** Forces per latency bucket (the last: above the highest bound); empty without a journal. */
    long[] getJournalForceBucketCounts();
}
