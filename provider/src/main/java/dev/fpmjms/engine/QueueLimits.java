package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import dev.fpmjms.config.FullQueuePolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * Size limits of one queue. Waiting, delayed and delivered-but-unacknowledged messages all count.
 *
 * @param maxMessages  the most messages the queue holds
 * @param maxBytes     the most bytes (by {@link FpmEnvelope#sizeEstimate()}) the queue holds
 * @param policy       block the producer or fail at once when full
 * @param blockTimeout how long a blocked producer waits
 */
public record QueueLimits(long maxMessages, long maxBytes, FullQueuePolicy policy, Duration blockTimeout) {

    /** No practical limit: for queues the engine fills itself (dead letters of a bounded source). */
    public static final QueueLimits UNBOUNDED =
            new QueueLimits(Long.MAX_VALUE, Long.MAX_VALUE, FullQueuePolicy.FAIL, Duration.ZERO);

    public QueueLimits {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue limits must be positive: " + maxMessages + " messages, " + maxBytes + " bytes");
        }
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(blockTimeout, "blockTimeout");
    }
}
