package dev.fpmjms.config;

/** What {@code send()} does when the target queue is at its size limit. */
public enum FullQueuePolicy {
    /** Block the producer up to the send timeout, then fail with ResourceAllocationException. */
    BLOCK,
    /** Fail at once with ResourceAllocationException. */
    FAIL
}
