package dev.fpmjms.artemis;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.SubscriptionId;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;

/**
 * Declares a configuration's worker queues ({@link WorkerQueues}) and its dead-letter queue on the
 * broker, over a connection of its own opened on first use. Thread-safe; every method blocks for
 * a round trip to the broker.
 */
final class WorkerQueueDeclarer implements AutoCloseable {
    private final FpmConfig config;
    private ActiveMQConnectionFactory factory;
    private Connection connection;
    private ActiveMQSession session;

    WorkerQueueDeclarer(FpmConfig config) {
        this.config = config;
    }

    /** Declares the dead-letter queue, every queue with its own route and every subscription served by a route. */
    synchronized void declareAll() {
        try {
            WorkerQueues.declarePlain(session().getCoreSession(), config.deadLetterQueue());
        } catch (ActiveMQException | JMSException e) {
            throw failed(config.deadLetterQueue(), e);
        }
        for (String queue : config.routes().keySet()) {
            declare(queue);
        }
        for (String subscription : config.subscriptions().keySet()) {
            declareSubscription(SubscriptionId.ofQueueName(subscription));
        }
    }

    /** Declares the queue of one subscription served by a route. */
    synchronized void declareSubscription(SubscriptionId id) {
        try {
            WorkerQueues.declareSubscription(session().getCoreSession(), id);
        } catch (ActiveMQException | JMSException e) {
            throw failed(id.queueName(), e);
        }
    }

    /** Declares one worker queue. */
    synchronized void declare(String queue) {
        try {
            WorkerQueues.declare(session().getCoreSession(), queue);
        } catch (ActiveMQException | JMSException e) {
            throw failed(queue, e);
        }
    }

    private ActiveMQSession session() throws JMSException {
        if (session == null) {
            factory = new ActiveMQConnectionFactory(BrokerUrls.clientUrl(config.broker()));
            connection = factory.createConnection();
            session = (ActiveMQSession) connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        }
        return session;
    }

    private IllegalStateException failed(String queue, Exception e) {
        return new IllegalStateException("fpm-jms '" + config.name() + "': cannot declare queue '" + queue
                + "' on the broker " + BrokerUrls.clientUrl(config.broker()) + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (JMSException e) {
            // closing: nothing is pending on this connection
        } finally {
            if (factory != null) {
                factory.close();
            }
            connection = null;
            session = null;
        }
    }
}
