package dev.fpmjms.artemis;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.MessageHandler;
import org.apache.activemq.artemis.api.core.client.SessionFailureListener;
import org.apache.activemq.artemis.core.client.impl.ClientConsumerInternal;
import org.apache.activemq.artemis.core.client.impl.ClientMessageInternal;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One route's dispatcher on one broker queue: a single transacted core session, whose requests
 * are pipelined through the route's gateway and settled in batches.
 *
 * <p>The consumer has a window of {@code windowBytes} with manual flow control: the broker sends
 * requests while the bytes of those this dispatcher holds stay under the window (credits go back,
 * in one packet per commit, when requests are settled, not when they arrive), so receiving costs
 * no round trip and an idle dispatcher holds no more than the window. Of the held requests at
 * most {@code limit} are admitted at once: handed to the gateway and not yet settled and
 * committed (the route's FastCGI client runs {@code maxInFlight} of them in php-fpm and queues
 * the rest); so a dispatcher that dies leaves at most {@code limit} requests that PHP ran, or
 * runs, without their settlement. As outcomes come back, each settled request's sends (reply,
 * retry, dead letter and failure reply) and its acknowledgement go into the session's
 * transaction, and <b>one commit</b> covers every request settled since the last one. Settle
 * order is {@link RequestWindow}'s; in receive order ({@code producerOrder}) a batch is
 * acknowledged by one acknowledgement of its last request, which Artemis applies to every
 * request delivered to the consumer up to it (exactly the batch), else each individually.
 *
 * <p>Threads: the thread running {@link #run()} owns the session; it alone sends, acknowledges
 * and commits. The broker client's delivery thread turns each request into its envelope and posts
 * it; the gateway's transport threads post outcomes; the session's failure listener posts
 * failures. The owner blocks on that one inbox (or until the next retry of a request that did not
 * reach php-fpm), so a lone request goes to the gateway and its reply is committed as soon as each
 * arrives, and nothing polls.
 *
 * <p>Failure: the session is never rolled back while requests are held, because an Artemis
 * rollback returns <em>every</em> delivered and unacknowledged message of the session to the
 * queue, those in php-fpm too. When a send, acknowledgement or commit fails, or the connection
 * fails over, the dispatcher closes the connection (the broker then redelivers every request not
 * committed, at most what it held; their outcomes are ignored), waits and connects again, without
 * end. {@link #stop()} makes it settle the requests in the gateway, commit, and return; requests
 * not yet in the gateway go back to the broker.
 */
final class DispatchPipeline implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchPipeline.class);
    private static final long MAX_RECONNECT_WAIT_MILLIS = 2000;

    private final String name;
    private final ActiveMQConnectionFactory factory;
    private final String brokerQueue;
    private final Settlement settlement;
    private final int limit;
    private final int windowBytes;
    private final boolean producerOrder;
    private final long stopPatienceNanos;
    private final AtomicBoolean stopped;
    private final BlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
    /** Numbers the connections, so that what an earlier one posts is ignored. Owner thread only. */
    private long epoch;

    /**
     * @param brokerQueue   the Artemis queue the requests are in (consumed by name)
     * @param limit         the most requests in the gateway at once
     * @param windowBytes   the consumer window: the bytes of held requests the broker may send ahead
     * @param producerOrder settle in receive order (else in completion order)
     * @param stopPatience  how long {@link #stop()} waits for the requests in the gateway
     */
    DispatchPipeline(String name, ActiveMQConnectionFactory factory, String brokerQueue, Settlement settlement, int limit,
                     int windowBytes, boolean producerOrder, java.time.Duration stopPatience, AtomicBoolean stopped) {
        this.name = name;
        this.factory = factory;
        this.brokerQueue = brokerQueue;
        this.settlement = settlement;
        this.limit = limit;
        this.windowBytes = windowBytes;
        this.producerOrder = producerOrder;
        this.stopPatienceNanos = stopPatience.toNanos();
        this.stopped = stopped;
    }

    /** Wakes the owner thread after the shared stop flag was set: {@link #run()} settles what is in the gateway and returns. */
    void stop() {
        inbox.add(Event.WAKE);
    }

    @Override
    public void run() {
        long wait = 100;
        while (!stopped.get()) {
            epoch++;
            RequestWindow window = new RequestWindow(limit, producerOrder);
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                ClientSession core = ((ActiveMQSession) session).getCoreSession();
                // a window of 1 makes the client send credits as soon as they are given back (with a
                // larger one it waits for half the window), and 1 credit is all the broker starts with
                ClientConsumerInternal consumer = (ClientConsumerInternal) core.createConsumer(
                        SimpleString.of(brokerQueue), null, 1, -1, false);
                long mine = epoch;
                core.addFailureListener(new FailurePoster(mine));
                consumer.setManualFlowMessageHandler(new Arrivals(mine, core));
                if (windowBytes > 1) {
                    consumer.flowControl(windowBytes - 1, false);
                }
                ClientProducer producer = core.createProducer();
                connection.start();
                wait = 100;
                serve(window, session, consumer, producer);
                finish(window, session, consumer, producer);
                return;
            } catch (JMSException | ActiveMQException | RuntimeException e) {
                if (stopped.get()) {
                    return;
                }
                LOG.warn("dispatcher {}: {}; the requests it held and did not commit go back to the broker;"
                        + " connecting again in {} ms", name, e.toString(), wait);
                if (!sleep(wait)) {
                    return;
                }
                wait = Math.min(MAX_RECONNECT_WAIT_MILLIS, wait * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Turns a delivered request into its envelope, on the broker client's delivery thread (the body must be read there). */
    private Event arrival(long mine, ClientMessage message, ClientSession core) {
        try {
            if (message.getRoutingType() == null) {
                message.setRoutingType(RoutingType.ANYCAST);
            }
            ActiveMQMessage jms = ActiveMQMessage.createMessage(message, core, factory);
            jms.doBeforeReceive();
            FpmEnvelope request = settlement.envelope(jms);
            return new Event(mine, new HeldRequest(message, request), null, null, 0);
        } catch (JMSException | ActiveMQException | RuntimeException e) {
            return new Event(mine, null, null, new IllegalStateException("a request could not be read: " + e, e), 0);
        }
    }

    private void serve(RequestWindow window, Session session, ClientConsumerInternal consumer, ClientProducer producer)
            throws JMSException, ActiveMQException, InterruptedException {
        while (!stopped.get()) {
            long toRetry = window.nanosToNextRetry(System.nanoTime());
            Event first = toRetry == Long.MAX_VALUE ? inbox.take() : inbox.poll(toRetry, TimeUnit.NANOSECONDS);
            for (Event e = first; e != null; e = inbox.poll()) {
                handle(window, e, consumer);
            }
            // settled and committed before more are admitted: at most `limit` ran without a commit
            settleAndCommit(window, session, consumer, producer, producerOrder);
            for (HeldRequest h : window.admit(System.nanoTime())) {
                deliver(h);
            }
        }
    }

    /** After {@link #stop()}: waits for the requests in the gateway (bounded), settles them, commits. */
    private void finish(RequestWindow window, Session session, ClientConsumerInternal consumer, ClientProducer producer)
            throws JMSException, ActiveMQException, InterruptedException {
        window.releaseWaiting();
        long deadline = System.nanoTime() + stopPatienceNanos;
        while (window.inGateway() > 0) {
            long left = deadline - System.nanoTime();
            Event e = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                LOG.warn("dispatcher {}: stopping with {} requests still in php-fpm; they go back to the broker", name,
                        window.inGateway());
                break;
            }
            handle(window, e, consumer);
            window.releaseWaiting();
        }
        settleAndCommit(window, session, consumer, producer, false); // released requests break the receive order
    }

    private void handle(RequestWindow window, Event e, ClientConsumerInternal consumer)
            throws JMSException, ActiveMQException {
        if (e == Event.WAKE || e.epoch != epoch) {
            return; // a wake-up, or from a connection given up
        }
        if (e.expiredBytes > 0) {
            consumer.flowControl(e.expiredBytes, false); // never held: its bytes go back at once
            return;
        }
        if (e.failure != null) {
            JMSException jms = new JMSException(e.failure instanceof ActiveMQException
                    ? "the broker connection failed or failed over: " + e.failure.getMessage()
                    : e.failure.getMessage());
            jms.initCause(e.failure);
            throw jms;
        }
        if (e.outcome == null) {
            window.received(e.held);
        } else if (e.outcome.result() == DeliveryOutcome.Result.NOT_DELIVERED) {
            HeldRequest h = e.held;
            h.unreachable++;
            long backoff = settlement.unreachableBackoffMillis(h.unreachable, e.outcome);
            window.deferred(h, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff));
        } else {
            e.held.unreachable = 0;
            window.completed(e.held, e.outcome);
        }
    }

    private void deliver(HeldRequest h) {
        long mine = epoch;
        settlement.deliver(h.request).whenComplete((outcome, never) -> inbox.add(new Event(mine, h, outcome, null, 0)));
    }

    /**
     * Settles what may be settled now, commits once for all of them, then gives their bytes back to
     * the consumer window.
     *
     * @param cumulative acknowledge the batch with one acknowledgement of its last request, which
     *                   in Artemis acknowledges every request delivered to the consumer up to it:
     *                   right only when the batch is every unacknowledged request received up to
     *                   its last one (receive order, nothing released)
     */
    private void settleAndCommit(RequestWindow window, Session session, ClientConsumerInternal consumer,
                                 ClientProducer producer, boolean cumulative) throws JMSException, ActiveMQException {
        List<HeldRequest> ready = window.settleable();
        if (ready.isEmpty()) {
            return;
        }
        int bytes = 0;
        for (HeldRequest h : ready) {
            settlement.settle(h.request, h.outcome, session, producer);
            if (!cumulative) {
                h.message.individualAcknowledge();
            }
            if (!h.message.isLargeMessage()) { // a large message's chunks gave their credits back as they arrived
                bytes += ((ClientMessageInternal) h.message).getFlowControlSize();
            }
        }
        if (cumulative) {
            ready.get(ready.size() - 1).message.acknowledge(); // sent with the commit (the transaction's ack batch)
        }
        session.commit();
        if (bytes > 0) {
            consumer.flowControl(bytes, false);
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

    /**
     * What the owner thread is told: a request received ({@code held}), an outcome for one
     * ({@code held} and {@code outcome}), a request that could not be read or a failed connection
     * ({@code failure}), a request that expired before it was handed over ({@code expiredBytes}),
     * or just to wake up.
     */
    private record Event(long epoch, HeldRequest held, DeliveryOutcome outcome, Exception failure, int expiredBytes) {
        static final Event WAKE = new Event(-1, null, null, null, 0);
    }

    /** The consumer's handler, on the broker client's delivery thread: posts what arrives to the owner. */
    private final class Arrivals implements MessageHandler {
        private final long mine;
        private final ClientSession core;

        Arrivals(long mine, ClientSession core) {
            this.mine = mine;
            this.core = core;
        }

        @Override
        public void onMessage(ClientMessage message) {
            inbox.add(arrival(mine, message, core));
        }

        @Override
        public void onMessageExpired(ClientMessage message) {
            // the client expires it with the broker itself; its bytes must still come back to the window
            int bytes = ((ClientMessageInternal) message).getFlowControlSize();
            if (bytes > 0 && !message.isLargeMessage()) {
                inbox.add(new Event(mine, null, null, null, bytes));
            }
        }
    }

    /** Posts a failure of the session's connection (a failover or reconnection under way) to the owner. */
    private final class FailurePoster implements SessionFailureListener {
        private final long mine;

        FailurePoster(long mine) {
            this.mine = mine;
        }

        @Override
        public void beforeReconnect(ActiveMQException exception) {
            inbox.add(new Event(mine, null, null, exception, 0));
        }

        @Override
        public void connectionFailed(ActiveMQException exception, boolean failedOver) {
            inbox.add(new Event(mine, null, null, exception, 0));
        }

        @Override
        public void connectionFailed(ActiveMQException exception, boolean failedOver, String scaleDownTargetNodeID) {
            connectionFailed(exception, failedOver);
        }
    }
}
