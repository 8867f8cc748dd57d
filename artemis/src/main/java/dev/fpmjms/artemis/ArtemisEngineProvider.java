package dev.fpmjms.artemis;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.jms.BrokerEngine;
import dev.fpmjms.jms.BrokerEngineProvider;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;

/**
 * The ActiveMQ Artemis broker mode, found by {@code FpmConnectionFactory} with
 * {@link java.util.ServiceLoader} when a configuration has the setting {@code broker}.
 * Stateless; thread-safe.
 */
public final class ArtemisEngineProvider implements BrokerEngineProvider {

    @Override
    public String name() {
        return "artemis";
    }

    @Override
    public BrokerEngine start(FpmConfig config) {
        return ArtemisEngine.start(config);
    }

    @Override
    public Queue queue(String name) {
        return ActiveMQDestination.createQueue(name);
    }

    @Override
    public Topic topic(String name) {
        return ActiveMQDestination.createTopic(name);
    }
}
