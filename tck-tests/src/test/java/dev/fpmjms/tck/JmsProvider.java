package dev.fpmjms.tck;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.Set;

/**
 * One JMS implementation under test. Implementations are found with {@link java.util.ServiceLoader}
 * (file {@code META-INF/services/dev.fpmjms.tck.JmsProvider} in the test resources), so adding a
 * provider to the suite is one line there; {@code -Dtck.providers=a,b} keeps only the named ones.
 *
 * <p>Lifecycle: the suite creates each provider once (public no-arg constructor, which must be
 * cheap), calls {@link #start()} before the first test that uses it and {@link #close()} after the
 * last test of the run. Methods are called from the test thread only.
 */
public interface JmsProvider extends AutoCloseable {

    /** A short name shown in test names and in the report, e.g. {@code artemis}. */
    String name();

    /** Starts whatever the provider needs (an embedded broker, php-fpm); called once. */
    default void start() throws Exception {
    }

    /** The factory every test connects with; the same instance for the whole run. */
    ConnectionFactory connectionFactory();

    /**
     * A queue that exists and is empty. Tests pass a name unique to the test, so no message of one
     * test can reach another.
     */
    Queue queue(String name);

    /**
     * Whether the connections of this provider are those of the provider named {@code name}
     * (fpm-jms in broker mode hands out the Artemis client's): a check that runs through
     * {@code knownDeviation(name, ...)} is then a known deviation here too.
     */
    default boolean hasClientOf(String name) {
        return name().equals(name);
    }

    /**
     * A queue, named {@code name}, whose messages nothing takes off while the test runs: for a
     * broker, any queue without consumers ({@link #queue}); for a provider whose queues are served
     * by workers, one whose workers cannot be reached, so that its messages wait for dispatch.
     * Called at most once per name in a run.
     */
    default Queue unservedQueue(String name) {
        return queue(name);
    }

    /**
     * For {@link Capability#FAN_OUT_TO_PHP}: the topic whose subscriptions PHP serves, each with an
     * echo worker that answers to JMSReplyTo, and their worker queue names ({@code topic::name}),
     * which the replies carry in {@code JMS_FPM_QUEUE}.
     */
    default FanOut fanOut() {
        throw new UnsupportedOperationException(name() + " has no subscriptions served by PHP routes");
    }

    /** A topic fanned out to PHP: its name and the worker queues of its PHP subscriptions. */
    record FanOut(String topic, java.util.Set<String> subscriptions) {
    }

    /** Features this provider does not offer; tests needing them are reported as skipped. */
    default Set<Capability> unsupported() {
        return Set.of();
    }

    /**
     * Makes {@code queue} answer requests: every message received on it is answered with a message
     * of the same body and properties, sent to its {@code JMSReplyTo} with {@code JMSCorrelationID}
     * set to the request's {@code JMSMessageID}. The default starts a Java consumer on a session of
     * {@code connection} (the connection must be started by the caller); a provider whose queues are
     * served by an echo worker needs no responder and returns a no-op.
     *
     * @return closes the responder; the caller closes it before the connection
     */
    default AutoCloseable startEchoResponder(Connection connection, Queue queue) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(null);
        consumer.setMessageListener(request -> {
            try {
                if (request.getJMSReplyTo() == null) {
                    return;
                }
                Message reply = EchoCopy.copy(session, request);
                reply.setJMSCorrelationID(request.getJMSMessageID());
                producer.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new IllegalStateException("echo responder failed on " + queue, e);
            }
        });
        return session::close;
    }

    /** Features a provider may lack. */
    enum Capability {
        /** Publish/subscribe: topics, subscriptions. */
        TOPICS,
        /** Durable and shared subscriptions (need {@link #TOPICS}). */
        DURABLE_SUBSCRIPTIONS,
        /** XA transactions ({@code XAConnectionFactory}). */
        XA,
        /** {@code ObjectMessage} with arbitrary application classes. */
        OBJECT_MESSAGE_ANY_CLASS,
        /**
         * Topic subscriptions served by PHP routes ({@link #fanOut()}): provider-specific, fpm-jms's
         * own feature, not part of Jakarta Messaging; a plain broker has no PHP routes.
         */
        FAN_OUT_TO_PHP
    }
}
