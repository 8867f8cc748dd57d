package dev.fpmjms.config;

/** What a route does with its workers' replies. */
public enum ReplyPolicy {
    /** Replies go to the request's JMSReplyTo, else to the worker queue's consumers. */
    KEEP,
    /** Replies are dropped once the outcome is known (fire-and-forget); failures still dead-letter. */
    DISCARD
}
