package dev.fpmjms.metrics;

import dev.fpmjms.gateway.DeliveryOutcome;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one worker queue, recorded by the engine as messages are dispatched and settled:
 * each call is one or two {@link LongAdder} increments (no lock, no allocation), safe from any
 * thread. Depths are not counted here: they are read from the queues when a snapshot is made
 * ({@link #snapshot}). Counts only grow, from zero when the engine starts.
 */
public final class QueueCounters {

    /** The buckets of {@link QueueMetrics#phpTime()}, in milliseconds. */
    static final long[] PHP_TIME_BOUNDS_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000};
    private static final DeliveryOutcome.Result[] RESULTS = DeliveryOutcome.Result.values();

    private final LongAdder dispatched = new LongAdder();
    private final LongAdder[] outcomes = new LongAdder[RESULTS.length];
    private final LongAdder retries = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder replyBytes = new LongAdder();
    private final LatencyHistogram phpTime = new LatencyHistogram(TimeUnit.MILLISECONDS, PHP_TIME_BOUNDS_MS);

    public QueueCounters() {
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
    }

    /** A message was handed to the gateway (an attempt starts). */
    public void dispatched() {
        dispatched.increment();
    }

    /**
     * An attempt ended.
     *
     * @param result       its class
     * @param workerMillis how long php-fpm took, recorded as PHP time when the attempt reached the
     *                     worker; negative when unknown (not recorded)
     * @param replyBytes   how many bytes the worker wrote to STDOUT, or a negative value when unknown
     */
    public void outcome(DeliveryOutcome.Result result, long workerMillis, long replyBytes) {
        outcomes[result.ordinal()].increment();
        if (result != DeliveryOutcome.Result.NOT_DELIVERED) {
            phpTime.record(workerMillis);
        }
        if (replyBytes > 0) {
            this.replyBytes.add(replyBytes);
        }
    }

    /** A failed attempt was sent back to the queue for another one (counted as a delivery). */
    public void retried() {
        retries.increment();
    }

    /** A request was moved to the dead-letter queue. */
    public void deadLettered() {
        deadLetters.increment();
    }

    /**
     * The counters now, with the depths the caller read from the queues.
     *
     * @param queue the worker queue's name
     * @param route the route that serves it (its queue name, or {@code *} for the default route)
     */
    public QueueMetrics snapshot(String queue, String route, long waitingForDispatch, long inFlight, long waitingForConsumers) {
        Map<DeliveryOutcome.Result, Long> byResult = new EnumMap<>(DeliveryOutcome.Result.class);
        for (DeliveryOutcome.Result r : RESULTS) {
            byResult.put(r, outcomes[r.ordinal()].sum());
        }
        return new QueueMetrics(queue, route, Math.max(0, waitingForDispatch), Math.max(0, inFlight),
                Math.max(0, waitingForConsumers), dispatched.sum(), byResult, retries.sum(), deadLetters.sum(),
                phpTime.snapshot(), replyBytes.sum());
    }
}
