package dev.fpmjms.artemis;

import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.admin.DeadLetterJmx;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.jms.BrokerEngine;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQJMSConnectionFactory;

/**
 * The broker-mode engine of one configuration: the Artemis JMS client that applications get from
 * {@code FpmConnectionFactory} (an {@code ActiveMQJMSConnectionFactory}, which is also a queue and
 * topic connection factory), and (unless {@code brokerDispatch=false}) the dispatcher of the
 * configuration's routes, and the admin of its dead-letter queue ({@link BrokerDeadLetters},
 * registered in JMX as {@code dev.fpmjms:type=DeadLetters,engine=<name>} as the embedded engine's
 * is). Thread-safe. {@link #close()} stops the dispatcher and the admin (the last factory using
 * the engine was closed); {@link #shutdown()} closes the client's connections too.
 */
final class ArtemisEngine implements BrokerEngine {
    private final ActiveMQJMSConnectionFactory factory;
    private final ArtemisDispatcher dispatcher;
    private final BrokerDeadLetters deadLetters;
    private final Runnable unregisterDeadLetters;

    private ArtemisEngine(ActiveMQJMSConnectionFactory factory, ArtemisDispatcher dispatcher, BrokerDeadLetters deadLetters,
                          Runnable unregisterDeadLetters) {
        this.factory = factory;
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
        this.unregisterDeadLetters = unregisterDeadLetters;
    }

    /** Declares the configuration's queues and starts its dispatcher; blocks until done. */
    static ArtemisEngine start(FpmConfig config) {
        ArtemisDispatcher dispatcher = null;
        if (config.broker().dispatch() && (!config.routes().isEmpty() || !config.subscriptions().isEmpty())) {
            dispatcher = ArtemisDispatcher.start(config);
        } else {
            ArtemisDispatcher.declareOnly(config);
        }
        BrokerDeadLetters deadLetters = BrokerDeadLetters.of(config.name(), config.broker(), config.deadLetterQueue());
        return new ArtemisEngine(new ActiveMQJMSConnectionFactory(BrokerUrls.clientUrl(config.broker())), dispatcher,
                deadLetters, DeadLetterJmx.register(config.name(), deadLetters));
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    /**
     * Stops the dispatcher. The client factory is left open: closing it would close every
     * connection it made, which stay usable until their owners close them (it holds nothing
     * else: the Artemis client's threads are pooled globally).
     */
    @Override
    public DeadLetterAdmin deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        unregisterDeadLetters.run();
        deadLetters.close();
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Override
    public void shutdown() {
        close();
        factory.close();
    }
}
