package dev.fpmjms.metrics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine's metrics at one moment. Immutable.
 *
 * @param engine               the engine's (configuration's) name
 * @param running              whether the engine was running; a stopped engine has no queues here
 * @param queues               its worker queues, by name: those of the configured routes, and those
 *                             the default route serves that have been used
 * @param deadLetterQueueDepth messages in the dead-letter queue
 * @param journal              the journal, or {@code null} without a data directory
 */
public record EngineMetrics(String engine, boolean running, List<QueueMetrics> queues, long deadLetterQueueDepth,
                            JournalMetrics journal) {

    public EngineMetrics {
        Objects.requireNonNull(engine, "engine");
        queues = List.copyOf(queues);
    }

    /** The metrics of an engine that is not running. */
    public static EngineMetrics notRunning(String engine) {
        return new EngineMetrics(engine, false, List.of(), 0, null);
    }

    /** The metrics of one worker queue, if the engine has it. */
    public Optional<QueueMetrics> queue(String name) {
        for (QueueMetrics q : queues) {
            if (q.queue().equals(name)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    /** The journal's metrics, if the engine has a data directory. */
    public Optional<JournalMetrics> journalMetrics() {
        return Optional.ofNullable(journal);
    }
}
