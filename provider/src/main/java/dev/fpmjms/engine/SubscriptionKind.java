package dev.fpmjms.engine;

/** The sorts of topic subscription (Jakarta Messaging 3.1 §6.11). */
public enum SubscriptionKind {
    /** One consumer; ends when it closes. */
    NON_DURABLE,
    /** Named; its consumers share the messages; ends when the last one closes. */
    SHARED,
    /** Named, one consumer at a time, needs a client ID; lives until unsubscribed. */
    DURABLE,
    /** Named, consumers share the messages; lives until unsubscribed. */
    SHARED_DURABLE;

    /** Whether the subscription outlives its consumers. */
    public boolean isDurable() {
        return this == DURABLE || this == SHARED_DURABLE;
    }

    /** Whether several consumers may use it at once. */
    public boolean isShared() {
        return this == SHARED || this == SHARED_DURABLE;
    }
}
