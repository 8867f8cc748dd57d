package dev.fpmjms.metrics;

import dev.fpmjms.gateway.DeliveryOutcome.Result;

import java.util.Objects;
import java.util.function.Supplier;

/** {@link QueueMetricsMXBean} over a snapshot source. Thread-safe (each read takes its own snapshot). */
final class QueueMetricsBean implements QueueMetricsMXBean {

    private final Supplier<QueueMetrics> metrics;

    QueueMetricsBean(Supplier<QueueMetrics> metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    private QueueMetrics now() {
        return metrics.get();
    }

    @Override
    public String getRoute() {
        return now().route();
    }

    @Override
    public long getWaitingForDispatch() {
        return now().waitingForDispatch();
    }

    @Override
    public long getInFlight() {
        return now().inFlight();
    }

    @Override
    public long getWaitingForConsumers() {
        return now().waitingForConsumers();
    }

    @Override
    public long getDispatched() {
        return now().dispatched();
    }

    @Override
    public long getSuccesses() {
        return now().outcome(Result.SUCCESS);
    }

    @Override
    public long getNotDelivered() {
        return now().outcome(Result.NOT_DELIVERED);
    }

    @Override
    public long getLostAfterWrite() {
        return now().outcome(Result.LOST_AFTER_WRITE);
    }

    @Override
    public long getWorkerFailures() {
        return now().outcome(Result.WORKER_FAILURE);
    }

    @Override
    public long getPermanentFailures() {
        return now().outcome(Result.PERMANENT_FAILURE);
    }

    @Override
    public long getRejected() {
        return now().outcome(Result.REJECTED);
    }

    @Override
    public long getRetries() {
        return now().retries();
    }

    @Override
    public long getDeadLetters() {
        return now().deadLetters();
    }

    @Override
    public long getReplyBytes() {
        return now().replyBytes();
    }

    @Override
    public long getPhpTimeCount() {
        return now().phpTime().count();
    }

    @Override
    public long getPhpTimeTotalMillis() {
        return now().phpTime().sum();
    }

    @Override
    public double getPhpTimeMeanMillis() {
        return now().phpTime().mean();
    }

    @Override
    public long[] getPhpTimeBucketBounds() {
        return now().phpTime().upperBounds();
    }

    @Override
    public long[] getPhpTimeBucketCounts() {
        return now().phpTime().counts();
    }
}
