package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Jakarta Messaging 3.1, the simplified API: JMSContext, JMSProducer, JMSConsumer. */
@DisplayName("14 JMSContext simplified API")
@Timeout(30)
class JmsContextTest extends ConformanceTestBase {

    private JMSContext ctx;
    private Queue queue;

    @BeforeEach
    void open() {
        ctx = context();
        queue = queue();
    }

    @Test
    void defaultSessionModeIsAutoAcknowledge() {
        assertEquals(JMSContext.AUTO_ACKNOWLEDGE, ctx.getSessionMode());
        assertFalse(ctx.getTransacted());
        assertTrue(ctx.getAutoStart());
        assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, context(JMSContext.CLIENT_ACKNOWLEDGE).getSessionMode());
        assertTrue(context(JMSContext.SESSION_TRANSACTED).getTransacted());
    }

    @Test
    void sendStringReceiveBody() {
        ctx.createProducer().send(queue, "hello");
        assertEquals("hello", ctx.createConsumer(queue).receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void sendBodiesOfEveryKind() {
        JMSProducer p = ctx.createProducer();
        p.send(queue, "text");
        p.send(queue, Map.of("k", 1));
        p.send(queue, new byte[] {1, 2, 3});
        p.send(queue, new ArrayList<>(List.of("serializable")));
        p.send(queue, ctx.createMessage());
        JMSConsumer c = ctx.createConsumer(queue);
        assertInstanceOf(TextMessage.class, receive(c));
        Message map = receive(c);
        assertInstanceOf(MapMessage.class, map);
        Message bytes = receive(c);
        assertInstanceOf(BytesMessage.class, bytes);
        Message object = receive(c);
        assertInstanceOf(ObjectMessage.class, object);
        assertNotNull(receive(c));
        assertEquals(Map.of("k", 1), bodyOf(map, Map.class));
        assertArrayEquals(new byte[] {1, 2, 3}, bodyOf(bytes, byte[].class));
        assertEquals(List.of("serializable"), bodyOf(object, ArrayList.class));
    }

    private static <T> T bodyOf(Message m, Class<T> type) {
        try {
            return m.getBody(type);
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void receiveBodyOfEveryKind() {
        JMSProducer p = ctx.createProducer();
        p.send(queue, new byte[] {9});
        p.send(queue, Map.of("a", "b"));
        p.send(queue, 42L);
        JMSConsumer c = ctx.createConsumer(queue);
        assertArrayEquals(new byte[] {9}, c.receiveBody(byte[].class, RECEIVE_TIMEOUT_MS));
        assertEquals(Map.of("a", "b"), c.receiveBody(Map.class, RECEIVE_TIMEOUT_MS));
        assertEquals(42L, c.receiveBody(Long.class, RECEIVE_TIMEOUT_MS));
        assertNull(c.receiveBodyNoWait(String.class), "nothing left");
    }

    @Test
    void receiveBodyOfTheWrongTypeLeavesTheMessage() throws Throwable {
        ctx.createProducer().send(queue, "not a number");
        JMSConsumer c = ctx.createConsumer(queue);
        assertThrows(MessageFormatRuntimeException.class, () -> c.receiveBody(Integer.class, RECEIVE_TIMEOUT_MS));
        knownDeviation("artemis", "receiveBody of the wrong type acknowledges the message in AUTO_ACKNOWLEDGE "
                + "(JMSConsumer.receiveBody: it must be delivered again)",
                () -> assertEquals("not a number", c.receiveBody(String.class, RECEIVE_TIMEOUT_MS),
                        "in AUTO_ACKNOWLEDGE the message is delivered again"));
    }

    @Test
    void producerSettersChainAndReachTheMessage() {
        Queue replyTo = queue();
        JMSProducer p = ctx.createProducer();
        assertSame(p, p.setProperty("s", "v").setProperty("i", 7).setProperty("b", true)
                .setJMSCorrelationID("corr").setJMSType("type").setJMSReplyTo(replyTo)
                .setPriority(8).setDeliveryMode(DeliveryMode.NON_PERSISTENT).setTimeToLive(60_000));
        p.send(queue, "body");
        Message m = receive(ctx.createConsumer(queue));
        try {
            assertEquals("v", m.getStringProperty("s"));
            assertEquals(7, m.getIntProperty("i"));
            assertTrue(m.getBooleanProperty("b"));
            assertEquals("corr", m.getJMSCorrelationID());
            assertEquals("type", m.getJMSType());
            assertEquals(replyTo.getQueueName(), ((Queue) m.getJMSReplyTo()).getQueueName());
            assertEquals(8, m.getJMSPriority());
            assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
            assertTrue(m.getJMSExpiration() > 0);
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void producerGettersReflectSetters() {
        JMSProducer p = ctx.createProducer();
        assertEquals(DeliveryMode.PERSISTENT, p.getDeliveryMode());
        assertEquals(4, p.getPriority());
        assertEquals(0L, p.getTimeToLive());
        assertEquals(0L, p.getDeliveryDelay());
        p.setDeliveryDelay(10).setDisableMessageID(true).setDisableMessageTimestamp(true);
        assertEquals(10L, p.getDeliveryDelay());
        assertTrue(p.getDisableMessageID());
        assertTrue(p.getDisableMessageTimestamp());
        assertNull(p.getAsync());
    }

    @Test
    void producerPropertiesConvert() {
        JMSProducer p = ctx.createProducer().setProperty("i", 5).setProperty("s", "12").setProperty("f", 1.5f);
        assertEquals(5L, p.getLongProperty("i"));
        assertEquals("5", p.getStringProperty("i"));
        assertEquals(12, p.getIntProperty("s"));
        assertEquals(1.5d, p.getDoubleProperty("f"));
        assertThrows(MessageFormatRuntimeException.class, () -> p.getBooleanProperty("i"));
        assertThrows(MessageFormatRuntimeException.class, () -> p.getIntProperty("f"));
        assertTrue(p.propertyExists("i"));
        Set<String> names = new HashSet<>(p.getPropertyNames());
        assertEquals(Set.of("i", "s", "f"), names);
        p.clearProperties();
        assertFalse(p.propertyExists("i"));
        assertTrue(p.getPropertyNames().isEmpty());
    }

    @Test
    void producerRejectsBadPropertiesAndOptions() {
        JMSProducer p = ctx.createProducer();
        assertThrows(IllegalArgumentException.class, () -> p.setProperty("", 1));
        assertThrows(IllegalArgumentException.class, () -> p.setProperty(null, 1));
        assertThrows(MessageFormatRuntimeException.class, () -> p.setProperty("o", new Object()));
        assertThrows(JMSRuntimeException.class, () -> p.setDeliveryMode(42));
        assertThrows(JMSRuntimeException.class, () -> p.setPriority(10));
    }

    @Test
    void sendToNullDestinationFails() {
        assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createProducer().send(null, "x"));
    }

    @Test
    void producerIsReusableForManyDestinations() {
        Queue other = queue();
        JMSProducer p = ctx.createProducer();
        p.send(queue, "one");
        p.send(other, "two");
        assertEquals("one", ctx.createConsumer(queue).receiveBody(String.class, RECEIVE_TIMEOUT_MS));
        assertEquals("two", ctx.createConsumer(other).receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void asyncSendWithJmsProducer() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        JMSProducer p = ctx.createProducer().setAsync(new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                done.countDown();
            }

            @Override
            public void onException(Message message, Exception exception) {
                failure.set(exception);
                done.countDown();
            }
        });
        assertNotNull(p.getAsync());
        p.send(queue, "async");
        assertTrue(done.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        assertNull(failure.get());
        assertEquals("async", ctx.createConsumer(queue).receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void completionListenerMayStopItsOwnContext() throws Exception {
        // JMS 2.0 errata JMS_SPEC-165: only a MessageListener must not stop its own JMSContext
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        ctx.createProducer().setAsync(new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                try {
                    ctx.stop();
                    outcome.complete("stopped");
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
            }

            @Override
            public void onException(Message message, Exception exception) {
                outcome.complete(exception);
            }
        }).send(queue, "async");
        assertEquals("stopped", outcome.get(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        ctx.start();
        assertEquals("async", ctx.createConsumer(queue).receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void autoStartStartsTheConnectionWithTheFirstConsumer() {
        ctx.createProducer().send(queue, "x");
        JMSContext manual = context();
        manual.setAutoStart(false);
        assertFalse(manual.getAutoStart());
        JMSConsumer c = manual.createConsumer(queue);
        assertNull(c.receive(ABSENT_TIMEOUT_MS), "not started");
        manual.start();
        assertEquals("x", c.receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void stopAndStart() {
        JMSConsumer c = ctx.createConsumer(queue);
        ctx.stop();
        ctx.createProducer().send(queue, "x");
        assertNull(c.receive(ABSENT_TIMEOUT_MS), "a stopped context delivers nothing");
        ctx.start();
        assertEquals("x", c.receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void createContextSharesTheConnection() {
        JMSContext child = track(ctx.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        child.createProducer().send(queue, "from child");
        child.close();
        assertEquals("from child", ctx.createConsumer(queue).receiveBody(String.class, RECEIVE_TIMEOUT_MS),
                "closing the child leaves the parent usable");
    }

    @Test
    void transactedContext() {
        JMSContext tx = context(JMSContext.SESSION_TRANSACTED);
        tx.createProducer().send(queue, "rolled back");
        tx.rollback();
        tx.createProducer().send(queue, "committed");
        tx.commit();
        JMSConsumer c = tx.createConsumer(queue);
        assertEquals("committed", c.receiveBody(String.class, RECEIVE_TIMEOUT_MS));
        tx.rollback();
        Message again = receive(c);
        try {
            assertTrue(again.getJMSRedelivered());
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
        tx.commit();
        assertNoMessage(c);
    }

    @Test
    void commitOnNonTransactedContextFails() {
        assertThrows(IllegalStateRuntimeException.class, ctx::commit);
        assertThrows(IllegalStateRuntimeException.class, ctx::rollback);
    }

    @Test
    void clientAcknowledgeAndRecover() {
        JMSContext client = context(JMSContext.CLIENT_ACKNOWLEDGE);
        client.createProducer().send(queue, "a");
        JMSConsumer c = client.createConsumer(queue);
        Message first = receive(c);
        client.recover();
        Message again = receive(c);
        try {
            assertEquals(first.getJMSMessageID(), again.getJMSMessageID());
            assertTrue(again.getJMSRedelivered());
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
        client.acknowledge();
        client.recover();
        assertNoMessage(c);
    }

    @Test
    void invalidSelectorIsARuntimeException() {
        assertThrows(InvalidSelectorRuntimeException.class, () -> ctx.createConsumer(queue, "a = = 1"));
        assertThrows(InvalidSelectorRuntimeException.class, () -> ctx.createBrowser(queue, "a = = 1"));
    }

    @Test
    void consumerWithSelector() {
        JMSProducer p = ctx.createProducer();
        p.setProperty("k", 1).send(queue, "one");
        p.setProperty("k", 2).send(queue, "two");
        JMSConsumer c = ctx.createConsumer(queue, "k = 2");
        assertEquals("k = 2", c.getMessageSelector());
        assertEquals("two", c.receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void consumerListener() throws Exception {
        CountDownLatch got = new CountDownLatch(1);
        JMSConsumer c = ctx.createConsumer(queue);
        c.setMessageListener(m -> got.countDown());
        assertNotNull(c.getMessageListener());
        context().createProducer().send(queue, "x");
        assertTrue(got.await(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void browserAndTemporaryQueue() throws Exception {
        Queue tmp = ctx.createTemporaryQueue();
        ctx.createProducer().send(tmp, "t");
        assertTrue(eventually(RECEIVE_TIMEOUT_MS, () -> {
            try (QueueBrowser b = ctx.createBrowser(tmp)) {
                return Collections.list(b.getEnumeration()).size() == 1;
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertEquals("t", ctx.createConsumer(tmp).receiveBody(String.class, RECEIVE_TIMEOUT_MS));
    }

    @Test
    void createQueueAndMessages() throws Exception {
        assertEquals(queue.getQueueName(), ctx.createQueue(queue.getQueueName()).getQueueName());
        assertEquals("t", ctx.createTextMessage("t").getText());
        assertEquals("o", ctx.createObjectMessage("o").getObject());
        assertNotNull(ctx.createBytesMessage());
        assertNotNull(ctx.createMapMessage());
        assertNotNull(ctx.createStreamMessage());
        assertNotNull(ctx.getMetaData().getJMSProviderName());
    }

    @Test
    void closedContextThrowsIllegalStateRuntimeException() {
        JMSContext closed = context();
        closed.close();
        closed.close(); // closing twice is allowed
        assertThrows(IllegalStateRuntimeException.class, closed::createProducer);
        assertThrows(IllegalStateRuntimeException.class, () -> closed.createConsumer(queue));
        assertThrows(IllegalStateRuntimeException.class, closed::createTextMessage);
        assertThrows(IllegalStateRuntimeException.class, closed::createTemporaryQueue);
        assertThrows(IllegalStateRuntimeException.class, closed::start);
    }

    @Test
    void closedConsumerThrowsIllegalStateRuntimeException() {
        JMSConsumer c = ctx.createConsumer(queue);
        c.close();
        assertThrows(IllegalStateRuntimeException.class, () -> c.receive(10));
        assertThrows(IllegalStateRuntimeException.class, c::receiveNoWait);
    }

    @Test
    void clientIdCanBeSetBeforeUse() {
        JMSContext fresh = context();
        String id = "tck-" + System.nanoTime();
        fresh.setClientID(id);
        assertEquals(id, fresh.getClientID());
    }

    @Test
    void clientIdCannotBeSetAfterUse() {
        JMSContext used = context();
        used.createProducer().send(queue, "x");
        assertThrows(IllegalStateRuntimeException.class, () -> used.setClientID("too-late-" + System.nanoTime()));
    }

    @Test
    void runtimeExceptionsMirrorCheckedOnes() {
        assertTrue(JMSRuntimeException.class.isAssignableFrom(IllegalStateRuntimeException.class));
        assertTrue(JMSRuntimeException.class.isAssignableFrom(InvalidSelectorRuntimeException.class));
        assertTrue(JMSRuntimeException.class.isAssignableFrom(MessageFormatRuntimeException.class));
        assertTrue(RuntimeException.class.isAssignableFrom(JMSRuntimeException.class));
    }

    @Test
    void receiveBodyReturnsNullWhenNothingArrives() {
        JMSConsumer c = ctx.createConsumer(queue);
        assertNull(c.receiveBody(String.class, ABSENT_TIMEOUT_MS));
        assertNull(c.receiveBodyNoWait(String.class));
        assertNull(c.receiveNoWait());
    }

    @Test
    void producerDeliveryDelay() {
        JMSConsumer c = ctx.createConsumer(queue);
        long sent = System.currentTimeMillis();
        ctx.createProducer().setDeliveryDelay(600).send(queue, "later");
        // Checked against the clock, not against a short receive: a paused thread must not fail it.
        assertEquals("later", c.receiveBody(String.class, RECEIVE_TIMEOUT_MS));
        assertTrue(System.currentTimeMillis() >= sent + 600, "not before the delivery delay");
    }

    @Test
    void producerTimeToLiveExpires() throws Exception {
        JMSProducer p = ctx.createProducer();
        p.setTimeToLive(150).send(queue, "expires");
        p.setTimeToLive(0).send(queue, "lives");
        long sent = System.currentTimeMillis();
        assertTrue(eventually(2_000, () -> System.currentTimeMillis() > sent + 250));
        JMSConsumer c = ctx.createConsumer(queue);
        assertEquals("lives", c.receiveBody(String.class, RECEIVE_TIMEOUT_MS));
        assertNoMessage(c);
    }

    @Test
    void messageHeadersSetOnTheMessageWinOverNothing() throws Exception {
        TextMessage m = ctx.createTextMessage("explicit");
        m.setJMSCorrelationID("on-message");
        m.setStringProperty("p", "on-message");
        ctx.createProducer().send(queue, m);
        Message r = receive(ctx.createConsumer(queue));
        assertEquals("on-message", r.getJMSCorrelationID());
        assertEquals("on-message", r.getStringProperty("p"));
    }

    @Test
    void contextsOfOneFactoryAreIndependentSessions() {
        JMSContext other = context(JMSContext.CLIENT_ACKNOWLEDGE);
        other.createProducer().send(queue, "x");
        JMSConsumer c = other.createConsumer(queue);
        receive(c);
        other.close();
        JMSConsumer again = ctx.createConsumer(queue);
        assertEquals("x", again.receiveBody(String.class, RECEIVE_TIMEOUT_MS),
                "unacknowledged in the closed CLIENT_ACKNOWLEDGE context, so delivered again");
    }

    @Test
    void optionsOfOneJmsProducerDoNotLeakIntoAnother() throws Throwable {
        ctx.createProducer().setTimeToLive(60_000).setPriority(9).send(queue, "first");
        ctx.createProducer().send(queue, "second");
        JMSConsumer c = ctx.createConsumer(queue);
        Message first = receive(c);
        Message second = receive(c);
        assertEquals(9, first.getJMSPriority());
        knownDeviation("artemis", "JMSProducer options (time to live and/or priority) carry over to later JMSProducers "
                + "of the same JMSContext", () -> {
                    assertEquals(0L, second.getJMSExpiration(), "a new JMSProducer has time to live 0");
                    assertEquals(4, second.getJMSPriority(), "a new JMSProducer has priority 4");
                });
    }
}
