package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Jakarta Messaging 3.1, producers, delivery options, asynchronous send. */
@DisplayName("09 Producers and delivery options")
class ProducersTest extends ConformanceTestBase {

    private Session session;
    private Queue queue;
    private MessageProducer producer;

    @BeforeEach
    void open() throws Exception {
        session = session();
        queue = queue();
        producer = session.createProducer(queue);
    }

    private static String text(Message m) throws JMSException {
        return ((TextMessage) m).getText();
    }

    @Test
    void producerDefaults() throws Exception {
        assertEquals(DeliveryMode.PERSISTENT, producer.getDeliveryMode());
        assertEquals(4, producer.getPriority());
        assertEquals(0L, producer.getTimeToLive());
        assertEquals(0L, producer.getDeliveryDelay());
        assertFalse(producer.getDisableMessageID());
        assertFalse(producer.getDisableMessageTimestamp());
        assertEquals(queue.getQueueName(), ((Queue) producer.getDestination()).getQueueName());
    }

    @Test
    void settersAreReflectedByGetters() throws Exception {
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        producer.setPriority(9);
        producer.setTimeToLive(1234);
        producer.setDeliveryDelay(55);
        producer.setDisableMessageID(true);
        producer.setDisableMessageTimestamp(true);
        assertEquals(DeliveryMode.NON_PERSISTENT, producer.getDeliveryMode());
        assertEquals(9, producer.getPriority());
        assertEquals(1234L, producer.getTimeToLive());
        assertEquals(55L, producer.getDeliveryDelay());
        assertTrue(producer.getDisableMessageID());
        assertTrue(producer.getDisableMessageTimestamp());
    }

    @Test
    void messagesOfOneProducerArriveInSendOrder() throws Exception {
        for (int i = 0; i < 50; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        MessageConsumer c = session.createConsumer(queue);
        for (int i = 0; i < 50; i++) {
            assertEquals("m" + i, text(receive(c)));
        }
    }

    @Test
    void expeditedPrioritiesArriveFirst() throws Exception {
        for (int p = 0; p <= 9; p++) {
            producer.send(session.createTextMessage("p" + p), DeliveryMode.PERSISTENT, p, 0);
        }
        // let every message reach the queue before the consumer exists, so priority can order them
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> browseCount(queue) == 10), "10 messages on the queue");
        MessageConsumer c = session.createConsumer(queue);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            order.add(receive(c).getJMSPriority());
        }
        assertEquals(9, order.get(0), "the highest priority comes first: " + order);
        for (int i = 0; i < 5; i++) {
            assertTrue(order.get(i) >= 5, "expedited (5-9) before normal (0-4): " + order);
        }
    }

    @Test
    void strictPriorityOrder() throws Exception {
        for (int p : new int[] {3, 7, 0, 9, 5, 1, 8, 2, 6, 4}) {
            producer.send(session.createTextMessage("p" + p), DeliveryMode.PERSISTENT, p, 0);
        }
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> browseCount(queue) == 10), "10 messages on the queue");
        MessageConsumer c = session.createConsumer(queue);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            order.add(receive(c).getJMSPriority());
        }
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort(Collections.reverseOrder());
        assertEquals(sorted, order, "priority order (spec: best effort; Artemis implements it strictly)");
    }

    private int browseCount(Queue q) {
        try (var b = session.createBrowser(q)) {
            return Collections.list(b.getEnumeration()).size();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void samePriorityKeepsSendOrder() throws Exception {
        producer.send(session.createTextMessage("a"), DeliveryMode.PERSISTENT, 6, 0);
        producer.send(session.createTextMessage("b"), DeliveryMode.PERSISTENT, 6, 0);
        producer.send(session.createTextMessage("c"), DeliveryMode.PERSISTENT, 6, 0);
        MessageConsumer c = session.createConsumer(queue);
        assertEquals("a", text(receive(c)));
        assertEquals("b", text(receive(c)));
        assertEquals("c", text(receive(c)));
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        producer.setTimeToLive(200);
        Message doomed = session.createTextMessage("expires");
        producer.send(doomed);
        producer.setTimeToLive(0);
        producer.send(session.createTextMessage("lives"));
        long expiration = doomed.getJMSExpiration();
        assertTrue(expiration > 0);
        assertTrue(eventually(2_000, () -> System.currentTimeMillis() > expiration + 50), "clock passed expiration");
        MessageConsumer c = session.createConsumer(queue);
        assertEquals("lives", text(receive(c)), "the expired message is skipped");
        assertNoMessage(c);
    }

    @Test
    void perSendTimeToLiveExpires() throws Exception {
        Message doomed = session.createTextMessage("expires");
        producer.send(doomed, DeliveryMode.NON_PERSISTENT, 4, 150);
        producer.send(session.createTextMessage("lives"));
        long expiration = doomed.getJMSExpiration();
        assertTrue(eventually(2_000, () -> System.currentTimeMillis() > expiration + 50));
        MessageConsumer c = session.createConsumer(queue);
        assertEquals("lives", text(receive(c)));
        assertEquals(0L, producer.getTimeToLive(), "a per-send value does not change the producer");
    }

    @Test
    void unexpiredMessageWithTimeToLiveIsDelivered() throws Exception {
        producer.setTimeToLive(60_000);
        producer.send(session.createTextMessage("fresh"));
        Message m = receive(session.createConsumer(queue));
        assertEquals("fresh", text(m));
        assertTrue(m.getJMSExpiration() > System.currentTimeMillis());
    }

    @Test
    void deliveryDelayHoldsTheMessageBack() throws Exception {
        producer.setDeliveryDelay(700);
        Message m = session.createTextMessage("later");
        producer.send(m);
        MessageConsumer c = session.createConsumer(queue);
        // Compared with the message's own delivery time, not with how long this thread waited: a
        // paused test thread would otherwise find the message there on a busy machine.
        Message r = receive(c);
        assertTrue(System.currentTimeMillis() >= m.getJMSDeliveryTime(), "delivered at or after JMSDeliveryTime");
        assertEquals("later", text(r));
    }

    @Test
    void delayedMessageDoesNotBlockOthers() throws Exception {
        producer.setDeliveryDelay(1_000);
        producer.send(session.createTextMessage("delayed"));
        producer.setDeliveryDelay(0);
        producer.send(session.createTextMessage("now"));
        MessageConsumer c = session.createConsumer(queue);
        assertEquals("now", text(receive(c)));
        assertEquals("delayed", text(receive(c)));
    }

    @Test
    void disableMessageIdIsAHint() throws Exception {
        producer.setDisableMessageID(true);
        producer.send(session.createTextMessage("x"));
        Message r = receive(session.createConsumer(queue));
        String id = r.getJMSMessageID();
        assertTrue(id == null || id.startsWith("ID:"), "either null (hint taken) or a normal id: " + id);
    }

    @Test
    void disableMessageTimestampIsAHint() throws Exception {
        producer.setDisableMessageTimestamp(true);
        long before = System.currentTimeMillis();
        producer.send(session.createTextMessage("x"));
        long ts = receive(session.createConsumer(queue)).getJMSTimestamp();
        assertTrue(ts == 0 || ts >= before, "either 0 (hint taken) or the send time: " + ts);
    }

    @Test
    void perSendOptionsOverrideProducerDefaultsForOneMessage() throws Exception {
        producer.send(session.createTextMessage("a"), DeliveryMode.NON_PERSISTENT, 8, 60_000);
        producer.send(session.createTextMessage("b"));
        MessageConsumer c = session.createConsumer(queue);
        Message a = receive(c);
        Message b = receive(c);
        assertEquals(DeliveryMode.NON_PERSISTENT, a.getJMSDeliveryMode());
        assertEquals(8, a.getJMSPriority());
        assertTrue(a.getJMSExpiration() > 0);
        assertEquals(DeliveryMode.PERSISTENT, b.getJMSDeliveryMode());
        assertEquals(4, b.getJMSPriority());
        assertEquals(0L, b.getJMSExpiration());
    }

    @Test
    void anonymousProducerSendsToTheGivenDestination() throws Exception {
        Queue other = queue();
        MessageProducer anon = session.createProducer(null);
        assertNull(anon.getDestination());
        anon.send(queue, session.createTextMessage("to queue"));
        anon.send(other, session.createTextMessage("to other"), DeliveryMode.NON_PERSISTENT, 6, 0);
        assertEquals("to queue", text(receive(session.createConsumer(queue))));
        Message o = receive(session.createConsumer(other));
        assertEquals("to other", text(o));
        assertEquals(6, o.getJMSPriority());
    }

    @Test
    void anonymousProducerNeedsADestination() throws Exception {
        MessageProducer anon = session.createProducer(null);
        assertThrows(UnsupportedOperationException.class, () -> anon.send(session.createMessage()));
        assertThrows(InvalidDestinationException.class, () -> anon.send(null, session.createMessage()));
    }

    @Test
    void producerWithDestinationRejectsAnotherDestination() throws Exception {
        assertThrows(UnsupportedOperationException.class, () -> producer.send(queue(), session.createMessage()));
    }

    @Test
    void invalidDeliveryModeIsRejected() throws Exception {
        assertThrows(JMSException.class, () -> producer.setDeliveryMode(99));
        assertThrows(JMSException.class, () -> producer.send(session.createMessage(), 99, 4, 0));
    }

    @Test
    void invalidPriorityIsRejected() throws Exception {
        assertThrows(JMSException.class, () -> producer.setPriority(10));
        assertThrows(JMSException.class, () -> producer.setPriority(-1));
        assertThrows(JMSException.class, () -> producer.send(session.createMessage(), DeliveryMode.PERSISTENT, 10, 0));
    }

    @Test
    @Timeout(20)
    void asyncSendCallsTheCompletionListener() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Message> completed = new AtomicReference<>();
        Message m = session.createTextMessage("async");
        producer.send(m, new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                completed.set(message);
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                done.countDown();
            }
        });
        assertTrue(done.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS), "onCompletion called");
        assertSame(m, completed.get(), "onCompletion gets the sent message");
        assertEquals("async", text(receive(session.createConsumer(queue))));
    }

    @Test
    @Timeout(20)
    void asyncSendsCompleteInSendOrder() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(5);
        CompletionListener listener = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    order.add(text(message));
                } catch (JMSException e) {
                    order.add("error " + e);
                }
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                order.add("failed " + exception);
                done.countDown();
            }
        };
        for (int i = 0; i < 5; i++) {
            producer.send(session.createTextMessage("m" + i), listener);
        }
        assertTrue(done.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), order);
    }

    @Test
    @Timeout(20)
    void asyncSendWithExplicitOptionsAndDestination() throws Exception {
        MessageProducer anon = session.createProducer(null);
        CountDownLatch done = new CountDownLatch(1);
        anon.send(queue, session.createTextMessage("x"), DeliveryMode.NON_PERSISTENT, 7, 0, new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
            }
        });
        assertTrue(done.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        Message r = receive(session.createConsumer(queue));
        assertEquals(7, r.getJMSPriority());
        assertEquals(DeliveryMode.NON_PERSISTENT, r.getJMSDeliveryMode());
    }

    @Test
    void asyncSendWithNullListenerIsRejected() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> producer.send(session.createMessage(), (CompletionListener) null));
    }

    @Test
    @Timeout(20)
    void closingTheSessionInsideACompletionListenerIsIllegal() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        producer.send(session.createMessage(), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    session.close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                done.countDown();
            }
        });
        assertTrue(done.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertTrue(thrown.get() instanceof jakarta.jms.IllegalStateException,
                "session.close() in a CompletionListener throws IllegalStateException: " + thrown.get());
    }

    @Test
    void sendingTheSameMessageTwiceGivesTwoMessages() throws Exception {
        TextMessage m = session.createTextMessage("twice");
        producer.send(m);
        String first = m.getJMSMessageID();
        producer.send(m);
        assertFalse(first.equals(m.getJMSMessageID()), "each send assigns a new id");
        MessageConsumer c = session.createConsumer(queue);
        assertEquals("twice", text(receive(c)));
        assertEquals("twice", text(receive(c)));
    }
}
