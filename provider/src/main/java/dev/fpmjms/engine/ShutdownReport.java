package dev.fpmjms.engine;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an engine's shutdown dropped and kept, per queue: the result of {@link FpmEngine#shutdown()},
 * also logged as one line. Maps hold only queues with a count above zero, by queue name in
 * alphabetical order. Immutable.
 *
 * @param drained       {@code true} when every request held in memory only had been dispatched and
 *                      settled before the drain timeout ran out (nothing in {@code notDispatched}
 *                      or {@code inFlight})
 * @param drainTimeout  the drain timeout the shutdown waited up to
 * @param notDispatched requests held in memory only (NON_PERSISTENT, or any without a data
 *                      directory) that never reached php-fpm: dropped
 * @param inFlight      requests held in memory only that were handed to php-fpm and had no settled
 *                      outcome: dropped; PHP may or may not have run them (a success whose reply
 *                      the reorder stage held, waiting for an earlier request, counts here too)
 * @param unconsumed    replies, dead letters and local or temporary queue messages held in memory
 *                      only that no consumer had taken and acknowledged: dropped
 * @param kept          messages in the journal (worker requests, replies, dead letters): kept for
 *                      the next engine on the same data directory
 */
public record ShutdownReport(boolean drained, Duration drainTimeout, Map<String, Long> notDispatched,
                             Map<String, Long> inFlight, Map<String, Long> unconsumed, Map<String, Long> kept) {

    public ShutdownReport {
        notDispatched = Map.copyOf(notDispatched);
        inFlight = Map.copyOf(inFlight);
        unconsumed = Map.copyOf(unconsumed);
        kept = Map.copyOf(kept);
    }

    /** The report of a shutdown with nothing to drain, drop or keep (no engine was running). */
    public static ShutdownReport nothing() {
        return new ShutdownReport(true, Duration.ZERO, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** All messages dropped: not dispatched, in flight and unconsumed. */
    public long dropped() {
        return sum(notDispatched) + sum(inFlight) + sum(unconsumed);
    }

    /** Requests of one worker queue dropped: not dispatched and in flight. */
    public long droppedRequests(String queue) {
        return notDispatched.getOrDefault(queue, 0L) + inFlight.getOrDefault(queue, 0L);
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The report as the shutdown logs it (after the engine's name), e.g. {@code drainTimeout 5s
     * ran out; dropped 7 messages held in memory only: not dispatched {work=6}, in flight to
     * php-fpm (outcome unknown) {work=1}}. Empty categories are left out.
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(drained ? "drained within drainTimeout " : "drainTimeout ").append(format(drainTimeout))
                .append(drained ? "" : " ran out");
        if (dropped() == 0) {
            b.append("; nothing held in memory was dropped");
        } else {
            b.append("; dropped ").append(dropped()).append(" messages held in memory only:");
            String sep = " ";
            if (!notDispatched.isEmpty()) {
                b.append(sep).append("not dispatched ").append(sorted(notDispatched));
                sep = ", ";
            }
            if (!inFlight.isEmpty()) {
                b.append(sep).append("in flight to php-fpm (outcome unknown) ").append(sorted(inFlight));
                sep = ", ";
            }
            if (!unconsumed.isEmpty()) {
                b.append(sep).append("not consumed ").append(sorted(unconsumed));
            }
        }
        if (!kept.isEmpty()) {
            b.append("; kept in the journal for the next start ").append(sorted(kept));
        }
        return b.toString();
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        return new TreeMap<>(counts);
    }
}
