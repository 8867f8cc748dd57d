package dev.fpmjms.config;

/**
 * In what order a worker queue's consumers see the replies to one producer's requests
 * (route option {@code replyOrder}; docs/configuration.md, "Reply order").
 */
public enum ReplyOrder {
    /**
     * Each session's requests are answered in the order it sent them (Jakarta Messaging 3.1
     * §6.2.9.1), although PHP runs up to {@code maxInFlight} of them at once: a reply that overtook
     * an earlier request of its session waits for that request's outcome.
     */
    PRODUCER,
    /** Replies are visible as PHP completes them: no waiting, for throughput; no order guarantee. */
    COMPLETION
}
