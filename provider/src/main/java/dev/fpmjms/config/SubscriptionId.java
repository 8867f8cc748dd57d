package dev.fpmjms.config;

/**
 * The name of a topic subscription served by a route ({@code subscription.<topic>.<name>=ENDPOINTS|SCRIPT},
 * {@code docs/topics.md}): the topic and the subscription name. Its worker queue is named
 * {@code <topic>::<name>} ({@link #queueName()}), Artemis's fully qualified queue name form, in
 * both engines: the route's {@link FpmRoute#queue()}, {@code FPMJMS_QUEUE} of its requests,
 * {@code JMS_FPM_ORIGINAL_DESTINATION} of its dead letters, its health and logs.
 *
 * @param topic the topic; non-blank, without {@value #SEPARATOR}
 * @param name  the subscription name (a shared durable subscription without client ID); non-blank,
 *              without {@value #SEPARATOR}
 */
public record SubscriptionId(String topic, String name) {

    /** Between topic and subscription name in {@link #queueName()}. */
    public static final String SEPARATOR = "::";

    public SubscriptionId {
        ConfigChecks.require(topic != null && !topic.isBlank() && !topic.contains(SEPARATOR), "subscription topic",
                "a non-blank topic name without '" + SEPARATOR + "'", topic == null ? null : "'" + topic + "'");
        ConfigChecks.require(name != null && !name.isBlank() && !name.contains(SEPARATOR),
                "subscription name of topic '" + topic + "'",
                "a non-blank name without '" + SEPARATOR + "'", name == null ? null : "'" + name + "'");
    }

    /** {@code <topic>::<name>}, the name of the subscription's worker queue. */
    public String queueName() {
        return topic + SEPARATOR + name;
    }

    /** Whether a worker queue name is a subscription's ({@code <topic>::<name>}). */
    public static boolean isSubscriptionQueue(String queueName) {
        return queueName != null && queueName.contains(SEPARATOR);
    }

    /**
     * The subscription whose worker queue has this name.
     *
     * @throws IllegalArgumentException it is not {@code <topic>::<name>}
     */
    public static SubscriptionId ofQueueName(String queueName) {
        int at = queueName == null ? -1 : queueName.indexOf(SEPARATOR);
        ConfigChecks.require(at >= 0, "subscription queue name", "<topic>" + SEPARATOR + "<name>", queueName);
        return new SubscriptionId(queueName.substring(0, at), queueName.substring(at + SEPARATOR.length()));
    }

    @Override
    public String toString() {
        return queueName();
    }
}
