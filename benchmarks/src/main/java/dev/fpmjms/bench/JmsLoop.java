package dev.fpmjms.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Send and receive through one queue with any JMS provider: the benchmark's thread sends
 * {@link BytesMessage}s (a {@value #SEQ} long property numbers them) from one session, a
 * {@link jakarta.jms.MessageListener} on a second session of the same connection receives them
 * (for fpm-jms: the echo worker's replies, which land on the worker queue's inbound side) and
 * checks the body length. The driver keeps {@code window} messages outstanding. Sends are
 * synchronous, or asynchronous with a {@link CompletionListener}.
 */
final class JmsLoop {

    static final String SEQ = "bench_seq";

    private JmsLoop() {
    }

    /** As {@link #run(String, BenchOptions, HeapProbe, ConnectionFactory, String, int, int, int, boolean)} with synchronous sends. */
    static ScenarioResult run(String name, BenchOptions options, HeapProbe probe, ConnectionFactory factory,
                              String queueName, int deliveryMode, int size, int window) throws Exception {
        return run(name, options, probe, factory, queueName, deliveryMode, size, window, false);
    }

    /**
     * @param deliveryMode {@link jakarta.jms.DeliveryMode#PERSISTENT} or {@code NON_PERSISTENT}
     * @param async        send with a {@link CompletionListener} (JMS 2.0 asynchronous send): the
     *                     send returns before the provider has stored the message; a message
     *                     still counts when its reply is received, and one whose
     *                     {@code onException} runs fails the scenario
     * @throws IllegalStateException a message was lost, malformed or the provider failed (cause attached)
     */
    static ScenarioResult run(String name, BenchOptions options, HeapProbe probe, ConnectionFactory factory,
                              String queueName, int deliveryMode, int size, int window, boolean async) throws Exception {
        try (Loop loop = Loop.open(factory, queueName, deliveryMode, size, async)) {
            return ClosedLoop.run(name, options, window, probe, loop);
        }
    }

    /**
     * The producer and listening consumer of one loop, on a connection of their own (started);
     * each {@link #start()} sends one message whose stage completes when its reply is received.
     * {@link #start()} is called from one thread.
     */
    static final class Loop implements ClosedLoop.Operation, AutoCloseable {
        private final Connection connection;
        private final Session producerSession;
        private final MessageProducer producer;
        private final ConcurrentMap<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
        private final byte[] payload;
        private final boolean async;
        private long seq;

        private Loop(Connection connection, String queueName, int deliveryMode, int size, boolean async)
                throws JMSException {
            this.connection = connection;
            this.producerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session consumerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = producerSession.createQueue(queueName);
            this.producer = producerSession.createProducer(queue);
            producer.setDeliveryMode(deliveryMode);
            MessageConsumer consumer = consumerSession.createConsumer(queue);
            consumer.setMessageListener(m -> complete(m, size, pending));
            this.payload = Payloads.bytes(size);
            this.async = async;
            connection.start();
        }

        /**
         * @param deliveryMode {@link jakarta.jms.DeliveryMode#PERSISTENT} or {@code NON_PERSISTENT}
         * @param async        send with a {@link CompletionListener}
         */
        static Loop open(ConnectionFactory factory, String queueName, int deliveryMode, int size, boolean async)
                throws JMSException {
            Connection connection = factory.createConnection();
            try {
                return new Loop(connection, queueName, deliveryMode, size, async);
            } catch (JMSException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        @Override
        public CompletableFuture<Void> start() throws JMSException {
            long s = seq++;
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.put(s, done);
            BytesMessage m = producerSession.createBytesMessage();
            m.writeBytes(payload);
            m.setLongProperty(SEQ, s);
            try {
                if (async) {
                    producer.send(m, new SendFailure(done));
                } else {
                    producer.send(m);
                }
            } catch (JMSException | RuntimeException e) {
                pending.remove(s);
                throw e;
            }
            return done;
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }

    /** An asynchronous send's listener: completion is the reply's business; a failed send fails its message. */
    private record SendFailure(CompletableFuture<Void> done) implements CompletionListener {
        @Override
        public void onCompletion(Message message) {
        }

        @Override
        public void onException(Message message, Exception exception) {
            done.completeExceptionally(new IllegalStateException("asynchronous send failed", exception));
        }
    }

    private static void complete(Message m, int size, ConcurrentMap<Long, CompletableFuture<Void>> pending) {
        long seq;
        try {
            seq = m.getLongProperty(SEQ);
        } catch (JMSException | RuntimeException e) {
            failAll(pending, new IllegalStateException("received a message without a readable " + SEQ + ": " + m, e));
            return;
        }
        CompletableFuture<Void> done = pending.remove(seq);
        if (done == null) {
            return; // a straggler of an earlier run on the same queue
        }
        try {
            long length = m instanceof BytesMessage b ? b.getBodyLength() : -1;
            if (length != size) {
                done.completeExceptionally(new IllegalStateException("message " + seq + " came back as "
                        + m.getClass().getSimpleName() + " with " + length + " body bytes, expected a BytesMessage of "
                        + size));
            } else {
                done.complete(null);
            }
        } catch (JMSException | RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private static void failAll(ConcurrentMap<Long, CompletableFuture<Void>> pending, RuntimeException e) {
        pending.values().forEach(f -> f.completeExceptionally(e));
    }
}
