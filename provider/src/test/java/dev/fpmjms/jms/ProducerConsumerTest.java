package dev.fpmjms.jms;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static dev.fpmjms.jms.FacadeFixture.WORK;
import static dev.fpmjms.jms.FacadeFixture.receiveText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ProducerConsumerTest {
    private FacadeFixture fx = new FacadeFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void sendToWorkerQueueComesBackAsEchoReply() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue work = session.createQueue(WORK);
        MessageConsumer consumer = session.createConsumer(work);
        TextMessage sent = session.createTextMessage("hello php");
        sent.setStringProperty("customer", "c-1");
        sent.setJMSCorrelationID("corr-7");
        session.createProducer(work).send(sent);

        TextMessage reply = receiveText(consumer);
        assertEquals("hello php", reply.getText());
        assertEquals("c-1", reply.getStringProperty("customer"));
        assertEquals("corr-7", reply.getJMSCorrelationID());
        assertEquals(work, reply.getJMSDestination());
        assertEquals(1, reply.getIntProperty("JMSXDeliveryCount"));
        assertFalse(reply.getJMSRedelivered());
        assertEquals(1, fx.gateways.requests().size());
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void workerFailuresAreRetriedAndRejectionsDeadLettered() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue work = session.createQueue(WORK);
        fx.gateways.failNext.set(2);
        session.createProducer(work).send(session.createTextMessage("third time lucky"));
        assertEquals("third time lucky", receiveText(session.createConsumer(work)).getText());
        assertEquals(3, fx.gateways.requests().size());
        assertEquals(3, fx.gateways.requests().get(2).deliveryCount());

        fx.gateways.reject = true;
        session.createProducer(work).send(session.createTextMessage("bad request"));
        Message dead = session.createConsumer(session.createQueue("DLQ")).receive(5000);
        assertEquals("bad request", ((TextMessage) dead).getText());
        assertEquals(400, dead.getIntProperty("JMS_FPM_STATUS"));
        assertEquals(WORK, dead.getStringProperty("JMS_FPM_ORIGINAL_DESTINATION"));

        // sending a dead letter again: the provider's JMS_* properties described the old delivery
        fx.gateways.reject = false;
        session.createProducer(work).send(dead);
        Message retried = session.createConsumer(work).receive(5000);
        assertEquals("bad request", ((TextMessage) retried).getText());
        assertFalse(retried.propertyExists("JMS_FPM_STATUS"));
        assertFalse(retried.propertyExists("JMS_FPM_ORIGINAL_DESTINATION"));
    }

    @Test
    void sendSetsHeadersOnTheMessage() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue local = session.createQueue(LOCAL);
        MessageProducer producer = session.createProducer(local);
        producer.setPriority(7);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        producer.setTimeToLive(60_000);
        TextMessage m = session.createTextMessage("x");
        long before = System.currentTimeMillis();
        producer.send(m);
        long after = System.currentTimeMillis();

        assertTrue(m.getJMSMessageID().startsWith("ID:"), m.getJMSMessageID());
        assertTrue(m.getJMSTimestamp() >= before && m.getJMSTimestamp() <= after);
        assertEquals(local, m.getJMSDestination());
        assertEquals(7, m.getJMSPriority());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(m.getJMSTimestamp() + 60_000, m.getJMSExpiration());
        assertEquals(m.getJMSTimestamp(), m.getJMSDeliveryTime());

        TextMessage second = session.createTextMessage("y");
        producer.send(second, DeliveryMode.PERSISTENT, 2, 0);
        assertNotEquals(m.getJMSMessageID(), second.getJMSMessageID());
        assertEquals(0, second.getJMSExpiration());

        Message received = session.createConsumer(local).receive(5000);
        assertEquals(m.getJMSMessageID(), received.getJMSMessageID());
        assertEquals(DeliveryMode.NON_PERSISTENT, received.getJMSDeliveryMode());
        assertEquals(7, received.getJMSPriority());
    }

    @Test
    void disabledMessageIdAndTimestamp() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        producer.setDisableMessageID(true);
        producer.setDisableMessageTimestamp(true);
        Message m = session.createMessage();
        producer.send(m);
        assertNull(m.getJMSMessageID());
        assertEquals(0, m.getJMSTimestamp());
        Message received = session.createConsumer(session.createQueue(LOCAL)).receive(5000);
        assertNull(received.getJMSMessageID());
    }

    @Test
    void invalidProducerSettingsAreRefused() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        assertThrows(JMSException.class, () -> producer.setPriority(10));
        assertThrows(JMSException.class, () -> producer.setPriority(-1));
        assertThrows(JMSException.class, () -> producer.setDeliveryMode(3));
        assertThrows(JMSException.class, () -> producer.setDeliveryDelay(-1));
        assertThrows(JMSException.class, () -> producer.send(session.createMessage(), DeliveryMode.PERSISTENT, 11, 0));
        assertEquals(4, producer.getPriority());
        assertEquals(DeliveryMode.PERSISTENT, producer.getDeliveryMode());
    }

    @Test
    void priorityOrderOnALocalQueue() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue local = session.createQueue(LOCAL);
        MessageProducer producer = session.createProducer(local);
        int[] priorities = {1, 9, 4, 4, 0, 7};
        for (int i = 0; i < priorities.length; i++) {
            producer.send(session.createTextMessage("m" + i), DeliveryMode.PERSISTENT, priorities[i], 0);
        }
        MessageConsumer consumer = session.createConsumer(local);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            order.add(receiveText(consumer).getText());
        }
        assertEquals(List.of("m1", "m5", "m2", "m3", "m0", "m4"), order);
    }

    @Test
    void priorityOrderOfDispatchThroughAPausedWorkerQueue() throws Exception {
        fx.close();
        fx = new FacadeFixture(b -> b.route(dev.fpmjms.config.FpmRoute.builder(WORK)
                .endpoint("127.0.0.1:9000").maxInFlight(1).build()));
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue work = session.createQueue(WORK);
        fx.gateways.pause();
        MessageProducer producer = session.createProducer(work);
        producer.send(session.createTextMessage("first"));
        producer.send(session.createTextMessage("low"), DeliveryMode.PERSISTENT, 1, 0);
        producer.send(session.createTextMessage("normal"));
        producer.send(session.createTextMessage("high"), DeliveryMode.PERSISTENT, 9, 0);
        fx.gateways.resume();
        FacadeFixture.await("4 requests", () -> fx.gateways.requests().size() == 4);
        List<String> dispatched = new ArrayList<>();
        fx.gateways.dispatched().forEach(r -> dispatched.add((String) r.body()));
        // maxInFlight 1: "first" (running) and "low" (waiting in the transport: WorkerQueue.dispatchWindow)
        // were handed over at once; the rest waited in the queue and left it in priority order
        assertEquals(List.of("first", "low", "high", "normal"), dispatched);
        MessageConsumer replies = session.createConsumer(work);
        for (int i = 0; i < 4; i++) {
            assertNotNull(replies.receive(5000));
        }
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue local = session.createQueue(LOCAL);
        MessageProducer producer = session.createProducer(local);
        producer.send(session.createTextMessage("short"), DeliveryMode.NON_PERSISTENT, 4, 50);
        producer.send(session.createTextMessage("long"), DeliveryMode.NON_PERSISTENT, 4, 60_000);
        long expiry = System.currentTimeMillis() + 50;
        FacadeFixture.await("expiry", () -> System.currentTimeMillis() > expiry + 5);
        MessageConsumer consumer = session.createConsumer(local);
        assertEquals("long", receiveText(consumer).getText());
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void deliveryDelayHoldsTheMessage() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue local = session.createQueue(LOCAL);
        MessageProducer producer = session.createProducer(local);
        producer.setDeliveryDelay(300);
        TextMessage m = session.createTextMessage("later");
        long sentAt = System.currentTimeMillis();
        producer.send(m);
        assertEquals(m.getJMSTimestamp() + 300, m.getJMSDeliveryTime());
        MessageConsumer consumer = session.createConsumer(local);
        assertNull(consumer.receive(100), "delivered before its delivery delay");
        TextMessage received = receiveText(consumer);
        long receivedAt = System.currentTimeMillis();
        assertEquals("later", received.getText());
        assertTrue(receivedAt - sentAt >= 290, "received after " + (receivedAt - sentAt) + " ms");
    }

    @Test
    void fullQueueIsResourceAllocationException() throws Exception {
        fx.close();
        fx = new FacadeFixture(b -> b.maxQueueMessages(2));
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        producer.send(session.createMessage());
        producer.send(session.createMessage());
        ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                () -> producer.send(session.createMessage()));
        assertTrue(e.getMessage().contains("maxQueueMessages"), e.getMessage());
        assertNotNull(e.getLinkedException());
    }

    @Test
    void blockingPolicyWaitsForRoomThenFailsAndAnInterruptIsKept() throws Exception {
        fx.close();
        fx = new FacadeFixture(b -> b.maxQueueMessages(1)
                .fullQueuePolicy(dev.fpmjms.config.FullQueuePolicy.BLOCK)
                .sendTimeout(java.time.Duration.ofMillis(150)));
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        producer.send(session.createMessage());
        long start = System.nanoTime();
        ResourceAllocationException full = assertThrows(ResourceAllocationException.class,
                () -> producer.send(session.createMessage()));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 140, "did not wait for room");
        assertTrue(full.getMessage().contains("sendTimeout"), full.getMessage());

        Thread.currentThread().interrupt();
        try {
            JMSException e = assertThrows(JMSException.class, () -> producer.send(session.createMessage()));
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt flag restored");
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void unknownQueueNamesTheQueuesThatExist() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue nowhere = session.createQueue("nowhere");
        for (org.junit.jupiter.api.function.Executable use : List.<org.junit.jupiter.api.function.Executable>of(
                () -> session.createProducer(nowhere),
                () -> session.createConsumer(nowhere),
                () -> session.createBrowser(nowhere),
                () -> session.createProducer(null).send(nowhere, session.createMessage()))) {
            InvalidDestinationException e = assertThrows(InvalidDestinationException.class, use);
            assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains(WORK)
                    && e.getMessage().contains(LOCAL) && e.getMessage().contains("DLQ"), e.getMessage());
        }
    }

    @Test
    void foreignQueueObjectsMapByName() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue foreign = () -> LOCAL;
        session.createProducer(foreign).send(session.createTextMessage("via foreign queue"));
        assertEquals("via foreign queue", receiveText(session.createConsumer(session.createQueue(LOCAL))).getText());
    }

    @Test
    void anonymousProducerNeedsADestinationPerSend() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer anonymous = session.createProducer(null);
        assertNull(anonymous.getDestination());
        assertThrows(UnsupportedOperationException.class, () -> anonymous.send(session.createMessage()));
        assertThrows(InvalidDestinationException.class, () -> anonymous.send(null, session.createMessage()));
        anonymous.send(session.createQueue(LOCAL), session.createTextMessage("a"));
        MessageProducer bound = session.createProducer(session.createQueue(LOCAL));
        assertThrows(UnsupportedOperationException.class,
                () -> bound.send(session.createQueue(LOCAL), session.createMessage()));
        assertEquals("a", receiveText(session.createConsumer(session.createQueue(LOCAL))).getText());
    }

    @Test
    void forbiddenPropertyNamesAreRefused() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Message m = session.createMessage();
        for (String name : List.of("JMSXDeliveryCount", "JMSFoo", "AND", "null", "1abc", "")) {
            assertThrows(IllegalArgumentException.class, () -> m.setStringProperty(name, "v"), name);
        }
        m.setStringProperty("JMSXGroupID", "g");
        m.setIntProperty("JMSXGroupSeq", 1);
        session.createProducer(session.createQueue(LOCAL)).send(m);
        Message received = session.createConsumer(session.createQueue(LOCAL)).receive(5000);
        assertEquals("g", received.getStringProperty("JMSXGroupID"));
    }

    @Test
    void selectorsFilterConsumers() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue local = session.createQueue(LOCAL);
        MessageProducer producer = session.createProducer(local);
        for (int i = 0; i < 6; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            m.setIntProperty("n", i);
            m.setStringProperty("colour", i % 2 == 0 ? "red" : "blue");
            producer.send(m);
        }
        MessageConsumer reds = session.createConsumer(local, "colour = 'red' AND n > 0");
        assertEquals("m2", receiveText(reds).getText());
        assertEquals("m4", receiveText(reds).getText());
        assertNull(reds.receiveNoWait());
        assertEquals("colour = 'red' AND n > 0", reds.getMessageSelector());
        MessageConsumer all = session.createConsumer(local, "  ");
        assertNull(all.getMessageSelector(), "a blank selector is no selector");
        assertEquals("m0", receiveText(all).getText());

        InvalidSelectorException e = assertThrows(InvalidSelectorException.class,
                () -> session.createConsumer(local, "colour = "));
        assertTrue(e.getMessage().contains("position"), e.getMessage());
        assertThrows(InvalidSelectorException.class, () -> session.createBrowser(local, "n >> 1"));
    }

    @Test
    void receiveTimesOutAndNoWaitReturnsAtOnce() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        long start = System.nanoTime();
        assertNull(consumer.receive(100));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 90, "waited " + waited + " ms");
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void closeWakesABlockedReceive() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        CompletableFuture<Message> received = new CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                received.complete(consumer.receive());
            } catch (Throwable e) {
                received.completeExceptionally(e);
            }
        });
        receiver.start();
        FacadeFixture.await("receiver blocked", () -> receiver.getState() == Thread.State.WAITING);
        consumer.close();
        assertNull(received.get(5, TimeUnit.SECONDS));
        consumer.close();
        assertThrows(jakarta.jms.IllegalStateException.class, consumer::receiveNoWait);
    }

    @Test
    void interruptedReceiveThrowsAndKeepsTheInterrupt() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        Thread.currentThread().interrupt();
        try {
            JMSException e = assertThrows(JMSException.class, () -> consumer.receive(5000));
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt flag restored");
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void asyncSendCallsBackOnAnotherThread() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Thread> callbackThread = new AtomicReference<>();
        AtomicReference<Message> completed = new AtomicReference<>();
        TextMessage m = session.createTextMessage("async");
        producer.send(m, new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                callbackThread.set(Thread.currentThread());
                completed.set(message);
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
            }
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertNotEquals(Thread.currentThread(), callbackThread.get());
        assertEquals(m, completed.get());
        assertNotNull(m.getJMSMessageID());
        assertEquals("async", receiveText(session.createConsumer(session.createQueue(LOCAL))).getText());
    }

    @Test
    void asyncSendFailureGoesToOnExceptionAndCallbackMustNotCloseItsSession() throws Exception {
        fx.close();
        fx = new FacadeFixture(b -> b.maxQueueMessages(1));
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        producer.send(session.createMessage());
        CompletableFuture<Exception> failure = new CompletableFuture<>();
        CompletableFuture<Exception> closeAttempt = new CompletableFuture<>();
        producer.send(session.createMessage(), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                failure.complete(null);
            }

            @Override
            public void onException(Message message, Exception exception) {
                failure.complete(exception);
                try {
                    session.close();
                    closeAttempt.complete(null);
                } catch (JMSException e) {
                    closeAttempt.complete(e);
                }
            }
        });
        assertTrue(failure.get(5, TimeUnit.SECONDS) instanceof ResourceAllocationException);
        assertTrue(closeAttempt.get(5, TimeUnit.SECONDS) instanceof jakarta.jms.IllegalStateException);
        producer.close();
        session.close();
    }

    @Test
    void closedObjectsSayWhatIsClosed() throws Exception {
        Connection connection = fx.connection();
        Session session = connection.createSession();
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        session.close();
        jakarta.jms.IllegalStateException e = assertThrows(jakarta.jms.IllegalStateException.class,
                () -> producer.send(session.createMessage()));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(jakarta.jms.IllegalStateException.class, consumer::receiveNoWait);
        e = assertThrows(jakarta.jms.IllegalStateException.class, session::createMessage);
        assertTrue(e.getMessage().contains("session"), e.getMessage());
        session.close();
    }
}
