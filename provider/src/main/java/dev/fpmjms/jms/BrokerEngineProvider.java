package dev.fpmjms.jms;

import dev.fpmjms.config.FpmConfig;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

/**
 * Service-provider interface of the broker mode: starts the engine of a configuration whose
 * queues live in an external broker ({@link FpmConfig#broker()} set). Implementations are found
 * with {@link java.util.ServiceLoader} ({@code META-INF/services/dev.fpmjms.jms.BrokerEngineProvider});
 * the module {@code dev.fpmjms:fpm-jms-artemis} provides the ActiveMQ Artemis one. The provider
 * module itself depends on no broker.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface BrokerEngineProvider {

    /** A short name for messages, e.g. {@code artemis}. */
    String name();

    /**
     * Connects to the configuration's broker: declares the queues of its routes and, unless
     * {@code brokerDispatch=false}, starts their dispatchers. Blocks until that is done.
     *
     * @throws IllegalStateException when the broker cannot be reached or refuses; the message says why
     */
    BrokerEngine start(FpmConfig config);

    /**
     * The broker client's queue object for a queue name, made without contacting the broker (JNDI
     * binds it: the broker client accepts only its own destinations).
     */
    Queue queue(String name);

    /**
     * The broker client's topic object for a topic name, made without contacting the broker (JNDI
     * binds it, as it binds queues).
     */
    Topic topic(String name);
}
