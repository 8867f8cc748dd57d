package dev.fpmjms.metrics;

import dev.fpmjms.gateway.DeliveryOutcome;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One worker queue's metrics at one moment. Immutable. Depths are read from the queues when the
 * snapshot is made, each on its own (they need not add up while messages move); counters count
 * since the engine started. {@code docs/operations.md} ("Metrics") names the matching JMX
 * attributes and Micrometer meters.
 *
 * @param queue               the worker queue
 * @param route               the route serving it: its queue name, or {@code *} for the default route
 * @param waitingForDispatch  requests not handed to php-fpm yet: ready, delayed, or waiting out a retry's backoff
 * @param inFlight            requests handed to php-fpm (running, or waiting in the transport for a
 *                            connection) whose outcome is not settled yet
 * @param waitingForConsumers replies on the queue's consumer side that no consumer has taken yet
 * @param dispatched          attempts started (a retried request counts once per attempt)
 * @param outcomes            attempts ended, by class of outcome; every class is present
 * @param retries             failed attempts sent back to the queue for another one
 * @param deadLetters         requests moved to the dead-letter queue
 * @param phpTime             time from writing the request to the end of the reply, for attempts
 *                            that reached php-fpm, in milliseconds
 * @param replyBytes          bytes the workers wrote to STDOUT (reply heads and bodies)
 */
public record QueueMetrics(String queue, String route, long waitingForDispatch, long inFlight, long waitingForConsumers,
                           long dispatched, Map<DeliveryOutcome.Result, Long> outcomes, long retries, long deadLetters,
                           HistogramSnapshot phpTime, long replyBytes) {

    public QueueMetrics {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(phpTime, "phpTime");
        EnumMap<DeliveryOutcome.Result, Long> all = new EnumMap<>(DeliveryOutcome.Result.class);
        for (DeliveryOutcome.Result r : DeliveryOutcome.Result.values()) {
            all.put(r, outcomes.getOrDefault(r, 0L));
        }
        outcomes = Collections.unmodifiableMap(all);
    }

    /** A queue with nothing counted yet. */
    public static QueueMetrics empty(String queue, String route) {
        return new QueueMetrics(queue, route, 0, 0, 0, 0, Map.of(), 0, 0,
                HistogramSnapshot.empty(TimeUnit.MILLISECONDS, QueueCounters.PHP_TIME_BOUNDS_MS), 0);
    }

    /** Attempts that ended with {@code result}. */
    public long outcome(DeliveryOutcome.Result result) {
        return outcomes.get(result);
    }

    /** Attempts that ended with a 2xx reply. */
    public long successes() {
        return outcome(DeliveryOutcome.Result.SUCCESS);
    }

    /** Attempts that reached php-fpm and did not succeed (every class but success and not delivered). */
    public long failures() {
        long n = 0;
        for (Map.Entry<DeliveryOutcome.Result, Long> e : outcomes.entrySet()) {
            if (e.getKey() != DeliveryOutcome.Result.SUCCESS && e.getKey() != DeliveryOutcome.Result.NOT_DELIVERED) {
                n += e.getValue();
            }
        }
        return n;
    }
}
