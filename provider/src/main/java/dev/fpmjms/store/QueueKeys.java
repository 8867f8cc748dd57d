package dev.fpmjms.store;

/**
 * The queue keys the local engine stores messages under: one home for the scheme, which the
 * engine (writing and recovering) and the offline dead-letter tool ({@code admin}) share. A local
 * queue's (the dead-letter queue's too) is {@code local:<name>}, a worker queue's requests
 * {@code worker:<name>}, its replies {@code replies:<name>}. Stateless.
 */
public final class QueueKeys {
    /** The prefix of a local queue's key. */
    public static final String LOCAL = "local:";
    /** The prefix of the key of a worker queue's requests (its outbound side). */
    public static final String WORKER = "worker:";
    /** The prefix of the key of a worker queue's replies (its inbound side). */
    public static final String REPLIES = "replies:";

    private QueueKeys() {
    }

    /** The key of a local queue (the dead-letter queue is one). */
    public static String local(String queue) {
        return LOCAL + queue;
    }

    /** The key of a worker queue's requests, which are dispatched to php-fpm. */
    public static String worker(String queue) {
        return WORKER + queue;
    }

    /** The key of a worker queue's replies. */
    public static String replies(String queue) {
        return REPLIES + queue;
    }
}
