package dev.fpmjms.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts, queue by queue, what an engine holds when it shuts down, for its {@link ShutdownReport}:
 * requests not dispatched and in flight (memory only), messages not consumed (memory only), and
 * what the journal keeps for the next start. Used by the one thread that shuts the engine down.
 */
final class ShutdownTally {
    private final Map<String, Long> notDispatched = new HashMap<>();
    private final Map<String, Long> inFlight = new HashMap<>();
    private final Map<String, Long> unconsumed = new HashMap<>();
    private final Map<String, Long> kept = new HashMap<>();

    /** Counts a worker queue: its requests and its reply side. */
    void workerQueue(WorkerQueue w) {
        LocalQueue.Holdings requests = w.outbound().holdings();
        LocalQueue.Holdings replies = w.inbound() == null ? LocalQueue.Holdings.NONE : w.inbound().holdings();
        putIfAny(notDispatched, w.name(), requests.memoryWaiting());
        putIfAny(inFlight, w.name(), requests.memoryInFlight());
        putIfAny(unconsumed, w.name(), replies.memoryOnly());
        putIfAny(kept, w.name(), requests.stored() + replies.stored());
    }

    /** Counts a queue that only consumers read (plain, temporary, a subscription's, the dead letters). */
    void consumerQueue(String name, LocalQueue q) {
        LocalQueue.Holdings h = q.holdings();
        putIfAny(unconsumed, name, h.memoryOnly());
        putIfAny(kept, name, h.stored());
    }

    ShutdownReport report(boolean drained, Duration drainTimeout) {
        return new ShutdownReport(drained, drainTimeout, notDispatched, inFlight, unconsumed, kept);
    }

    private static void putIfAny(Map<String, Long> counts, String queue, long count) {
        if (count > 0) {
            counts.merge(queue, count, Long::sum);
        }
    }
}
