package dev.fpmjms.jms;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static dev.fpmjms.jms.FacadeFixture.WORK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ListenerTest {
    private final FacadeFixture fx = new FacadeFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void listenersOfOneSessionRunOnOneThreadOneAtATime() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(20);
        jakarta.jms.MessageListener listener = m -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            threads.add(Thread.currentThread());
            running.decrementAndGet();
            all.countDown();
        };
        session.createConsumer(session.createQueue(LOCAL)).setMessageListener(listener);
        session.createConsumer(session.createQueue(WORK)).setMessageListener(listener);
        Session sender = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer toLocal = sender.createProducer(sender.createQueue(LOCAL));
        MessageProducer toWork = sender.createProducer(sender.createQueue(WORK));
        for (int i = 0; i < 10; i++) {
            toLocal.send(sender.createTextMessage("l" + i));
            toWork.send(sender.createTextMessage("w" + i));
        }
        assertTrue(all.await(5, TimeUnit.SECONDS));
        assertEquals(1, threads.size(), "threads: " + threads);
        assertEquals(0, overlaps.get());
    }

    @Test
    void aListenerThatInterruptsItsThreadLeavesTheNextOneUninterrupted() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        List<Boolean> interruptedOnEntry = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(3);
        session.createConsumer(session.createQueue(LOCAL)).setMessageListener(m -> {
            interruptedOnEntry.add(Thread.currentThread().isInterrupted());
            Thread.currentThread().interrupt();
            all.countDown();
        });
        Session sender = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = sender.createProducer(sender.createQueue(LOCAL));
        producer.send(sender.createTextMessage("a"));
        producer.send(sender.createTextMessage("b"));
        producer.send(sender.createTextMessage("c"));
        assertTrue(all.await(5, TimeUnit.SECONDS), "delivered: " + interruptedOnEntry);
        assertEquals(List.of(false, false, false), interruptedOnEntry);
    }

    @Test
    void receiveOnASessionWithAListenerIsIllegal() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer withListener = session.createConsumer(session.createQueue(LOCAL));
        withListener.setMessageListener(m -> { });
        MessageConsumer other = session.createConsumer(session.createQueue(WORK));
        assertThrows(jakarta.jms.IllegalStateException.class, () -> other.receive(10));
        assertThrows(jakarta.jms.IllegalStateException.class, withListener::receiveNoWait);
        withListener.setMessageListener(null);
        assertNull(other.receiveNoWait());
    }

    @Test
    void noDeliveryWhileStoppedAndStopWaitsForTheRunningListener() throws Exception {
        Connection connection = fx.connection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue local = session.createQueue(LOCAL);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> received = new CopyOnWriteArrayList<>();
        session.createConsumer(local).setMessageListener(m -> {
            received.add(text(m));
            entered.countDown();
            await(release);
        });
        session.createProducer(local).send(session.createTextMessage("first"));
        assertFalse(entered.await(100, TimeUnit.MILLISECONDS), "delivered before start");
        connection.start();
        assertTrue(entered.await(5, TimeUnit.SECONDS));

        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            try {
                connection.stop();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        assertThrows(java.util.concurrent.TimeoutException.class, () -> stop.get(100, TimeUnit.MILLISECONDS),
                "stop returned while the listener was running");
        release.countDown();
        stop.get(5, TimeUnit.SECONDS);

        session.createProducer(local).send(session.createTextMessage("second"));
        FacadeFixture.await("second waiting", () -> {
            try {
                return fx.engine().consumerQueue(dev.fpmjms.envelope.DestinationRef.queue(LOCAL)).size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(List.of("first"), received, "delivered while stopped");
        connection.start();
        FacadeFixture.await("second delivered", () -> received.size() == 2);
        assertEquals("second", received.get(1));
    }

    @Test
    void receiveWaitsWhileStopped() throws Exception {
        Connection connection = fx.connection();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        Queue local = session.createQueue(LOCAL);
        session.createProducer(local).send(session.createTextMessage("x"));
        MessageConsumer consumer = session.createConsumer(local);
        assertNull(consumer.receiveNoWait());
        assertNull(consumer.receive(100));
        connection.start();
        assertNotNull(consumer.receive(5000));
    }

    @Test
    void listenerMustNotStopOrCloseItsConnectionNorCloseItsSession() throws Exception {
        Connection connection = fx.connection();
        connection.start();
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        CompletableFuture<List<Object>> outcomes = new CompletableFuture<>();
        session.createConsumer(session.createQueue(LOCAL)).setMessageListener(m -> {
            Object stop = attempt(connection::stop);
            Object close = attempt(connection::close);
            Object closeSession = attempt(session::close);
            outcomes.complete(List.of(stop, close, closeSession));
        });
        Session sender = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(sender.createQueue(LOCAL)).send(sender.createMessage());
        List<Object> results = outcomes.get(5, TimeUnit.SECONDS);
        assertTrue(results.get(0) instanceof jakarta.jms.IllegalStateException, "stop: " + results.get(0));
        assertTrue(results.get(1) instanceof jakarta.jms.IllegalStateException, "close: " + results.get(1));
        assertTrue(results.get(2) instanceof jakarta.jms.IllegalStateException, "close session: " + results.get(2));
        assertNotNull(session.createMessage(), "the session is still open");
        FacadeFixture.await("message acknowledged", () -> {
            try {
                return fx.engine().consumerQueue(dev.fpmjms.envelope.DestinationRef.queue(LOCAL)).size() == 0;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void sessionCloseWaitsForARunningListener() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        session.createConsumer(session.createQueue(LOCAL)).setMessageListener(m -> {
            entered.countDown();
            await(release);
            finished.incrementAndGet();
        });
        session.createProducer(session.createQueue(LOCAL)).send(session.createMessage());
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        CompletableFuture<Void> close = CompletableFuture.runAsync(() -> {
            try {
                session.close();
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        assertThrows(java.util.concurrent.TimeoutException.class, () -> close.get(100, TimeUnit.MILLISECONDS));
        release.countDown();
        close.get(5, TimeUnit.SECONDS);
        assertEquals(1, finished.get());
    }

    @Test
    void consumerCloseWaitsForItsRunningListenerAndMayBeCalledFromIt() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        CompletableFuture<Object> closedFromListener = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        consumer.setMessageListener(m -> {
            calls.incrementAndGet();
            closedFromListener.complete(attempt(consumer::close));
        });
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        producer.send(session.createMessage());
        assertEquals("ok", closedFromListener.get(5, TimeUnit.SECONDS));
        producer.send(session.createMessage());
        Session reader = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        assertNotNull(reader.createConsumer(reader.createQueue(LOCAL)).receive(5000));
        assertEquals(1, calls.get());
    }

    @Test
    void throwingListenerGetsTheMessageAgainThenItIsDeadLettered() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        List<Integer> counts = new CopyOnWriteArrayList<>();
        session.createConsumer(session.createQueue(LOCAL)).setMessageListener(m -> {
            try {
                counts.add(m.getIntProperty("JMSXDeliveryCount"));
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            throw new IllegalStateException("listener bug");
        });
        Session sender = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(sender.createQueue(LOCAL)).send(sender.createTextMessage("poison"));
        Message dead = sender.createConsumer(sender.createQueue("DLQ")).receive(5000);
        assertNotNull(dead);
        assertEquals("poison", ((TextMessage) dead).getText());
        assertTrue(dead.getStringProperty("JMS_FPM_FAILURE").contains("listener bug"));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), counts);
    }

    @Test
    void recoverInAListenerRedeliversTheCurrentMessage() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        List<Boolean> redelivered = new CopyOnWriteArrayList<>();
        CountDownLatch twice = new CountDownLatch(2);
        session.createConsumer(session.createQueue(LOCAL)).setMessageListener(m -> {
            try {
                redelivered.add(m.getJMSRedelivered());
                if (!m.getJMSRedelivered()) {
                    session.recover();
                }
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
            twice.countDown();
        });
        session.createProducer(session.createQueue(LOCAL)).send(session.createMessage());
        assertTrue(twice.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(false, true), redelivered);
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new RuntimeException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    interface JmsAction {
        void run() throws JMSException;
    }

    private static Object attempt(JmsAction action) {
        try {
            action.run();
            return "ok";
        } catch (JMSException e) {
            return e;
        }
    }
}
