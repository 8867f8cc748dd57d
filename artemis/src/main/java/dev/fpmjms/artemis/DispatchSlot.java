package dev.fpmjms.artemis;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One in-flight slot of a route's dispatcher: its own connection and transacted session, a
 * consumer on the worker queue's request queue (with no client-side buffer, so the slot holds at
 * most the one request it delivers), and a producer for replies, retries and dead letters (the
 * session's core producer: see {@link RequestMessages#send}). Each
 * request and what it produced are committed together; if the process dies first, the broker
 * delivers the request again, to this or another dispatcher (at-least-once towards PHP).
 *
 * <p>Runs on its own thread until {@link #stop()}. When the broker goes away, the slot rolls
 * back, waits and connects again, without end.
 */
final class DispatchSlot implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchSlot.class);
    private static final long POLL_MILLIS = 200;
    private static final long MAX_RECONNECT_WAIT_MILLIS = 2000;

    private final String name;
    private final ConnectionFactory factory;
    private final Queue requests;
    private final Settlement settlement;
    private final AtomicBoolean stopped;

    DispatchSlot(String name, ConnectionFactory factory, Queue requests, Settlement settlement, AtomicBoolean stopped) {
        this.name = name;
        this.factory = factory;
        this.requests = requests;
        this.settlement = settlement;
        this.stopped = stopped;
    }

    /** Makes {@link #run()} return after the request in hand, if any, is settled or rolled back. */
    void stop() {
        stopped.set(true);
    }

    @Override
    public void run() {
        long wait = 100;
        while (!stopped.get()) {
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(requests);
                ClientProducer producer = ((ActiveMQSession) session).getCoreSession().createProducer();
                connection.start();
                wait = 100;
                serve(session, consumer, producer);
            } catch (JMSException | ActiveMQException | RuntimeException e) {
                if (stopped.get()) {
                    return;
                }
                LOG.warn("dispatcher slot {}: {}; connecting again in {} ms", name, e.toString(), wait);
                if (!sleep(wait)) {
                    return;
                }
                wait = Math.min(MAX_RECONNECT_WAIT_MILLIS, wait * 2);
            }
        }
    }

    private void serve(Session session, MessageConsumer consumer, ClientProducer producer) throws JMSException {
        while (!stopped.get()) {
            Message message = consumer.receive(POLL_MILLIS);
            if (message == null) {
                continue;
            }
            boolean commit;
            try {
                commit = settlement.settle(message, session, producer);
            } catch (JMSException | RuntimeException e) {
                rollbackQuietly(session);
                throw e;
            }
            if (commit) {
                session.commit();
            } else {
                session.rollback();
            }
        }
    }

    private void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("dispatcher slot {}: rollback failed too: {}", name, e.toString());
        }
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
