package dev.fpmjms.jndi;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jms.FpmQueue;
import dev.fpmjms.jms.FpmTopic;
import javax.naming.Reference;
import javax.naming.StringRefAddr;

/**
 * JNDI {@link Reference}s for the provider's administered objects, read back by
 * {@link FpmObjectFactory}; {@code getReference()} of the Referenceable facade classes returns
 * these. Stateless.
 */
public final class FpmReferences {
    /** The address holding a connection factory's configuration as an fpm URI. */
    public static final String URI = "uri";
    /** The address holding a queue's name. */
    public static final String QUEUE_NAME = "name";
    /**
     * Another address for a queue's name, read by {@link FpmObjectFactory}, for containers whose
     * resource declarations use {@code name} for the JNDI name (Tomcat's {@code <Resource>}).
     */
    public static final String QUEUE_NAME_ATTRIBUTE = "queueName";
    /** As {@link #QUEUE_NAME_ATTRIBUTE}, for a topic's name. A topic reference also takes {@value #QUEUE_NAME}. */
    public static final String TOPIC_NAME_ATTRIBUTE = "topicName";

    private FpmReferences() {
    }

    /**
     * A reference to a connection factory with this configuration, as one {@value #URI} address.
     *
     * @throws IllegalArgumentException if the configuration has no URI form (see {@link FpmConfigParser#toUri})
     */
    public static Reference forFactory(FpmConfig config) {
        return new FpmConnectionFactory(config).getReference();
    }

    /** A reference to the queue of this name, as one {@value #QUEUE_NAME} address. */
    public static Reference forQueue(String queueName) {
        if (queueName == null || queueName.isBlank()) {
            throw new IllegalArgumentException("fpm-jms queue name must be non-blank, was: '" + queueName + "'");
        }
        return new FpmQueue(queueName).getReference();
    }

    /** A reference to the topic of this name, as one {@value #QUEUE_NAME} address. */
    public static Reference forTopic(String topicName) {
        if (topicName == null || topicName.isBlank()) {
            throw new IllegalArgumentException("fpm-jms topic name must be non-blank, was: '" + topicName + "'");
        }
        return new FpmTopic(topicName).getReference();
    }
}
