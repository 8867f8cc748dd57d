package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Jakarta Messaging 3.1, consuming messages synchronously and with listeners. */
@DisplayName("10 Consumers and listeners")
@Timeout(30)
class ConsumersTest extends ConformanceTestBase {

    private Connection connection;
    private Session session;
    private Queue queue;
    private MessageProducer producer;

    @BeforeEach
    void open() throws Exception {
        connection = startedConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        queue = queue();
        producer = session.createProducer(queue);
    }

    private void sendTexts(int n) throws JMSException {
        for (int i = 0; i < n; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
    }

    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }

    @Test
    void receiveWithTimeoutReturnsAMessage() throws Exception {
        MessageConsumer c = session.createConsumer(queue);
        sendTexts(1);
        assertEquals("m0", text(receive(c)));
    }

    @Test
    void receiveWithTimeoutReturnsNullWhenNothingArrives() throws Exception {
        MessageConsumer c = session.createConsumer(queue);
        long start = System.nanoTime();
        assertNull(c.receive(200));
        assertTrue(System.nanoTime() - start >= 150_000_000L, "receive(200) waited about 200 ms");
    }

    @Test
    void receiveNoWaitOnAnEmptyQueueReturnsNull() throws Exception {
        assertNull(session.createConsumer(queue).receiveNoWait());
    }

    @Test
    void receiveNoWaitReturnsAnAvailableMessage() throws Exception {
        sendTexts(1);
        MessageConsumer c = session.createConsumer(queue);
        AtomicReference<Message> got = new AtomicReference<>();
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> {
            try {
                got.set(c.receiveNoWait());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            return got.get() != null;
        }), "receiveNoWait returns the message once it is available");
        assertEquals("m0", text(got.get()));
    }

    /** Runs {@code c.receive()} on a new thread and waits until that thread blocks. */
    private CompletableFuture<Message> blockedReceive(MessageConsumer c) throws Exception {
        CompletableFuture<Message> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(c.receive());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "tck-blocked-receive");
        t.setDaemon(true);
        t.start();
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING), "receive() blocks");
        return result;
    }

    @Test
    void receiveBlocksUntilAMessageArrives() throws Exception {
        MessageConsumer c = session.createConsumer(queue);
        CompletableFuture<Message> pending = blockedReceive(c);
        assertFalse(pending.isDone(), "nothing to receive yet");
        Session other = connection.createSession();
        other.createProducer(queue).send(other.createTextMessage("wake up"));
        assertEquals("wake up", text(pending.get(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS)));
    }

    @Test
    void receiveReturnsNullWhenTheConsumerIsClosed() throws Exception {
        MessageConsumer c = session.createConsumer(queue);
        CompletableFuture<Message> pending = blockedReceive(c);
        c.close();
        assertNull(pending.get(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS), "a receive blocked in close returns null");
    }

    @Test
    void receiveReturnsNullWhenTheConnectionIsClosed() throws Exception {
        Connection own = connection();
        own.start();
        MessageConsumer c = own.createSession().createConsumer(queue);
        CompletableFuture<Message> pending = blockedReceive(c);
        own.close();
        assertNull(pending.get(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS), "a receive blocked in close returns null");
    }

    @Test
    void messagesSentBeforeTheConsumerExistsAreDelivered() throws Exception {
        sendTexts(3);
        MessageConsumer c = session.createConsumer(queue);
        assertEquals("m0", text(receive(c)));
        assertEquals("m1", text(receive(c)));
        assertEquals("m2", text(receive(c)));
    }

    @Test
    void eachMessageGoesToOneConsumerOnly() throws Exception {
        Session s2 = connection.createSession();
        MessageConsumer c1 = session.createConsumer(queue);
        MessageConsumer c2 = s2.createConsumer(queue);
        sendTexts(10);
        Set<String> seen = new HashSet<>();
        int received = 0;
        for (MessageConsumer c : List.of(c1, c2, c1, c2)) {
            Message m;
            while ((m = c.receive(received < 10 ? 500 : 50)) != null) {
                assertTrue(seen.add(text(m)), "delivered twice: " + text(m));
                received++;
            }
        }
        assertEquals(10, seen.size(), "every message delivered exactly once: " + seen);
    }

    @Test
    void stoppedConnectionDeliversNothing() throws Exception {
        Connection stopped = connection();
        Session s = stopped.createSession();
        MessageConsumer c = s.createConsumer(queue);
        sendTexts(1);
        assertNull(c.receive(ABSENT_TIMEOUT_MS), "a connection that was never started delivers nothing");
        stopped.start();
        assertEquals("m0", text(receive(c)));
        stopped.stop();
        sendTexts(2);
        assertNull(c.receive(ABSENT_TIMEOUT_MS), "a stopped connection delivers nothing");
        stopped.start();
        assertEquals("m0", text(receive(c)), "messages sent while stopped are delivered after start");
    }

    /**
     * Spec 6.2.9.1: one session's messages to a queue (same priority and delivery mode) are
     * received in send order. The first message asks a provider whose queues pass through a
     * worker (fpm-jms's echo worker reads {@code fpmjms_echo_sleep_ms}) to take longer than the
     * others, which a worker pool running several messages at once then completes first; a
     * broker ignores the property.
     */
    @Test
    void oneSessionsMessagesAreReceivedInSendOrderWhenTheFirstIsSlowest() throws Exception {
        Message slow = session.createTextMessage("m0");
        slow.setIntProperty("fpmjms_echo_sleep_ms", 300);
        producer.send(slow);
        List<String> expected = new ArrayList<>(List.of("m0"));
        for (int i = 1; i < 8; i++) {
            producer.send(session.createTextMessage("m" + i));
            expected.add("m" + i);
        }
        MessageConsumer c = session.createConsumer(queue);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            got.add(text(receive(c)));
        }
        assertEquals(expected, got);
    }

    @Test
    void listenerReceivesAllMessagesInOrder() throws Exception {
        MessageConsumer c = session.createConsumer(queue);
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch five = new CountDownLatch(5);
        MessageListener listener = m -> {
            try {
                got.add(text(m));
            } catch (JMSException e) {
                got.add("error");
            }
            five.countDown();
        };
        assertNull(c.getMessageListener());
        c.setMessageListener(listener);
        assertSame(listener, c.getMessageListener());
        sendSeparately(5);
        assertTrue(five.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS), "got " + got);
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), got);
    }

    /** Sends from another session: a session with a listener must not be used by other threads. */
    private void sendSeparately(int n) throws JMSException {
        Session other = connection.createSession();
        MessageProducer p = other.createProducer(queue);
        for (int i = 0; i < n; i++) {
            p.send(other.createTextMessage("m" + i));
        }
        other.close();
    }

    @Test
    void listenerGetsMessagesAlreadyWaiting() throws Exception {
        sendTexts(2);
        CountDownLatch two = new CountDownLatch(2);
        session.createConsumer(queue).setMessageListener(m -> two.countDown());
        assertTrue(two.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void stopAndStartPauseListenerDelivery() throws Exception {
        AtomicInteger count = new AtomicInteger();
        session.createConsumer(queue).setMessageListener(m -> count.incrementAndGet());
        sendSeparately(1);
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> count.get() == 1));
        connection.stop();
        sendSeparately(1);
        assertFalse(eventually(ABSENT_TIMEOUT_MS, () -> count.get() > 1), "no delivery while stopped");
        connection.start();
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> count.get() == 2), "delivery resumes on start");
    }

    @Test
    void closedConsumerGetsNoMoreMessages() throws Exception {
        AtomicInteger count = new AtomicInteger();
        MessageConsumer c = session.createConsumer(queue);
        c.setMessageListener(m -> count.incrementAndGet());
        sendSeparately(1);
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> count.get() == 1));
        c.close();
        sendSeparately(1);
        assertFalse(eventually(ABSENT_TIMEOUT_MS, () -> count.get() > 1), "no call after close returned");
        Session s = connection.createSession();
        assertNotNull(receive(s.createConsumer(queue)), "the message stays on the queue");
    }

    @Test
    void closeWaitsForARunningListener() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        MessageConsumer c = session.createConsumer(queue);
        c.setMessageListener(m -> {
            inListener.countDown();
            long end = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            finished.incrementAndGet();
        });
        sendSeparately(1);
        assertTrue(inListener.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        c.close();
        assertEquals(1, finished.get(), "close returned only after onMessage completed");
    }

    @Test
    void listenerRuntimeExceptionCausesRedeliveryInAutoMode() throws Exception {
        List<Boolean> redelivered = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch twice = new CountDownLatch(2);
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                redelivered.add(m.getJMSRedelivered());
            } catch (JMSException e) {
                redelivered.add(null);
            }
            twice.countDown();
            if (twice.getCount() == 1) {
                throw new RuntimeException("thrown on purpose by the test");
            }
        });
        sendSeparately(1);
        assertTrue(twice.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS), "redelivered after the exception");
        assertEquals(List.of(false, true), redelivered);
    }

    @Test
    void listenerMayCloseItsOwnConsumer() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        MessageConsumer c = session.createConsumer(queue);
        c.setMessageListener(m -> {
            try {
                c.close();
            } catch (Throwable t) {
                failure.set(t);
            }
            done.countDown();
        });
        sendSeparately(1);
        assertTrue(done.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertNull(failure.get(), "consumer.close() inside onMessage is allowed");
    }

    @Test
    void listenerMustNotCloseItsConnection() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                connection.close();
            } catch (Throwable t) {
                failure.set(t);
            }
            done.countDown();
        });
        sendSeparately(1);
        assertTrue(done.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertTrue(failure.get() instanceof jakarta.jms.IllegalStateException,
                "connection.close() inside onMessage throws IllegalStateException: " + failure.get());
    }

    @Test
    void listenerMustNotStopItsConnection() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        session.createConsumer(queue).setMessageListener(m -> {
            try {
                connection.stop();
            } catch (Throwable t) {
                failure.set(t);
            }
            done.countDown();
        });
        sendSeparately(1);
        assertTrue(done.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertTrue(failure.get() instanceof jakarta.jms.IllegalStateException,
                "connection.stop() inside onMessage throws IllegalStateException: " + failure.get());
    }

    @Test
    void removingTheListenerStopsAsyncDelivery() throws Exception {
        AtomicInteger count = new AtomicInteger();
        MessageConsumer c = session.createConsumer(queue);
        c.setMessageListener(m -> count.incrementAndGet());
        sendSeparately(1);
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> count.get() == 1));
        connection.stop();
        c.setMessageListener(null);
        connection.start();
        sendSeparately(1);
        assertEquals("m0", text(receive(c)), "synchronous receive works again");
        assertEquals(1, count.get());
    }

    @Test
    void consumersOfDifferentQueuesAreIndependent() throws Exception {
        Queue other = queue();
        producer.send(session.createTextMessage("here"));
        session.createProducer(other).send(session.createTextMessage("there"));
        assertEquals("there", text(receive(session.createConsumer(other))));
        assertEquals("here", text(receive(session.createConsumer(queue))));
    }

    @Test
    void consumerOfAClosedSessionReturnsNoMore() throws Exception {
        Session s = connection.createSession();
        MessageConsumer c = s.createConsumer(queue);
        s.close();
        sendTexts(1);
        Session s2 = connection.createSession();
        assertEquals("m0", text(receive(s2.createConsumer(queue))), "the message went to the live consumer");
    }

    @Test
    void listenersOfOneSessionRunOneAtATime() throws Exception {
        Queue other = queue();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(20);
        MessageListener listener = m -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            long end = System.nanoTime() + 2_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            running.decrementAndGet();
            all.countDown();
        };
        session.createConsumer(queue).setMessageListener(listener);
        session.createConsumer(other).setMessageListener(listener);
        Session sender = connection.createSession();
        MessageProducer p = sender.createProducer(null);
        for (int i = 0; i < 10; i++) {
            p.send(queue, sender.createTextMessage("q" + i));
            p.send(other, sender.createTextMessage("o" + i));
        }
        assertTrue(all.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertEquals(0, overlaps.get(), "a session delivers to its listeners serially");
    }
}
