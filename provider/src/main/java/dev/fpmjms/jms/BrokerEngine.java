package dev.fpmjms.jms;

import dev.fpmjms.admin.DeadLetterAdmin;
import jakarta.jms.ConnectionFactory;

/**
 * A running broker-mode engine (see {@link BrokerEngineProvider}): the JMS client of the broker
 * that {@link FpmConnectionFactory} hands its connections to, and the dispatchers of the
 * configuration's routes. Thread-safe.
 */
public interface BrokerEngine extends AutoCloseable {

    /**
     * The broker's own connection factory; it also implements {@code QueueConnectionFactory} and
     * {@code TopicConnectionFactory}. Connections it makes are the broker client's: destinations
     * given to them must be the broker's ({@link BrokerEngineProvider#queue}), as created by
     * their sessions.
     */
    ConnectionFactory connectionFactory();

    /**
     * The dead letters on the broker's dead-letter queue of this configuration: list, show,
     * replay, purge ({@code docs/operations.md#dead-letters}), with the semantics of the embedded
     * engine's, through the broker. Works while the engine runs; after {@link #close()} its
     * methods fail with {@link IllegalStateException}.
     */
    DeadLetterAdmin deadLetters();

    /**
     * Stops this process's dispatchers, after the requests in hand are settled, and lets go of
     * the broker client: connections and contexts already made from {@link #connectionFactory()}
     * stay usable until they are closed. Called when the last factory using the engine is closed.
     * Idempotent; blocks while the dispatchers stop.
     */
    @Override
    void close();

    /** As {@link #close()}, and closes the broker client's connections too. Idempotent. */
    void shutdown();
}
