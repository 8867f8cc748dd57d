package dev.fpmjms.metrics;

/**
 * A worker queue's metrics in JMX, registered as
 * {@code dev.fpmjms:type=QueueMetrics,engine=<name>,route=<queue>} ({@link MetricsJmx#queueName}):
 * the {@code route} key is the worker queue's name, which is its route's name for a configured
 * route. Each read takes a fresh {@link QueueMetrics} snapshot; see its components for the meaning
 * of each attribute. Counts since the engine started.
 */
public interface QueueMetricsMXBean {

    /** The route serving the queue: its name, or {@code *} for the default route. */
    String getRoute();

    long getWaitingForDispatch();

    long getInFlight();

    long getWaitingForConsumers();

    long getDispatched();

    /** Attempts that ended with a 2xx reply. */
    long getSuccesses();

    /** Attempts that never reached php-fpm (refused, no socket, backlog full): retried, not counted as deliveries. */
    long getNotDelivered();

    /** Attempts whose connection was lost or timed out after the request was written. */
    long getLostAfterWrite();

    /** Attempts that ended in a 5xx, a PHP fatal error or invalid FastCGI. */
    long getWorkerFailures();

    /** Attempts whose reply can never be taken (unreadable, against the wire contract, over a limit). */
    long getPermanentFailures();

    /** Attempts that ended in a 4xx. */
    long getRejected();

    long getRetries();

    long getDeadLetters();

    long getReplyBytes();

    /** Attempts whose PHP time was recorded. */
    long getPhpTimeCount();

    long getPhpTimeTotalMillis();

    double getPhpTimeMeanMillis();

    /** The PHP time buckets' inclusive upper bounds, in milliseconds. */
    long[] getPhpTimeBucketBounds();

    /** Attempts per PHP time bucket; one more than the bounds (the last: above the highest bound). */
    long[] getPhpTimeBucketCounts();
}
