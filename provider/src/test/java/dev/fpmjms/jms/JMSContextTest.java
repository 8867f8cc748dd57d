package dev.fpmjms.jms;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static dev.fpmjms.jms.FacadeFixture.WORK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class JMSContextTest {
    private FacadeFixture fx = new FacadeFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private JMSContext context(int mode) {
        return fx.track(fx.factory.createContext(mode));
    }

    @Test
    void sendsBodiesAndReceivesThem() {
        JMSContext ctx = context(JMSContext.AUTO_ACKNOWLEDGE);
        Queue work = ctx.createQueue(LOCAL);
        JMSConsumer consumer = ctx.createConsumer(work);
        JMSProducer producer = ctx.createProducer();
        producer.send(work, "text");
        producer.send(work, new byte[] {1, 2, 3});
        producer.send(work, Map.of("k", 5));
        producer.send(work, (java.io.Serializable) List.of("a", "b"));
        assertEquals("text", consumer.receiveBody(String.class, 5000));
        assertArrayEquals(new byte[] {1, 2, 3}, consumer.receiveBody(byte[].class, 5000));
        assertEquals(Map.of("k", 5), consumer.receiveBody(Map.class, 5000));
        assertEquals(List.of("a", "b"), consumer.receiveBody(java.io.Serializable.class, 5000));
        assertNull(consumer.receiveBodyNoWait(String.class));

        Queue worker = ctx.createQueue(WORK);
        producer.send(worker, "through php");
        assertEquals("through php", ctx.createConsumer(worker).receiveBody(String.class, 5000));
    }

    @Test
    void producerPropertiesHeadersAndOptionsApplyToEachSend() throws Exception {
        JMSContext ctx = context(JMSContext.AUTO_ACKNOWLEDGE);
        Queue local = ctx.createQueue(LOCAL);
        Queue replyTo = ctx.createQueue(WORK);
        JMSProducer producer = ctx.createProducer()
                .setProperty("count", 3)
                .setProperty("name", "x")
                .setJMSCorrelationID("corr")
                .setJMSType("kind")
                .setJMSReplyTo(replyTo)
                .setPriority(8)
                .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                .setTimeToLive(60_000);
        assertEquals(Set.of("count", "name"), producer.getPropertyNames());
        assertEquals("3", producer.getStringProperty("count"));
        assertEquals(3L, producer.getLongProperty("count"));
        assertTrue(producer.propertyExists("name"));
        producer.send(local, "hello");
        Message m = ctx.createConsumer(local).receive(5000);
        assertEquals(3, m.getIntProperty("count"));
        assertEquals("x", m.getStringProperty("name"));
        assertEquals("corr", m.getJMSCorrelationID());
        assertEquals("kind", m.getJMSType());
        assertEquals(replyTo, m.getJMSReplyTo());
        assertEquals(8, m.getJMSPriority());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertTrue(m.getJMSExpiration() > 0);
        producer.clearProperties();
        assertTrue(producer.getPropertyNames().isEmpty());
        assertThrows(JMSRuntimeException.class, () -> producer.setPriority(12));
        assertThrows(IllegalArgumentException.class, () -> producer.setProperty("JMSXDeliveryCount", 1));
        assertThrows(MessageFormatRuntimeException.class, () -> producer.setProperty("list", List.of()));
    }

    @Test
    void receiveBodyOfTheWrongTypeLeavesTheMessageInAutoMode() {
        JMSContext ctx = context(JMSContext.AUTO_ACKNOWLEDGE);
        Queue local = ctx.createQueue(LOCAL);
        ctx.createProducer().send(local, "text");
        JMSConsumer consumer = ctx.createConsumer(local);
        assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(byte[].class, 5000));
        assertEquals("text", consumer.receiveBody(String.class, 5000));
        ctx.createProducer().send(local, ctx.createMessage());
        assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(String.class, 5000));
    }

    @Test
    void transactedContextCommitsAndRollsBack() {
        JMSContext tx = context(JMSContext.SESSION_TRANSACTED);
        assertTrue(tx.getTransacted());
        Queue local = tx.createQueue(LOCAL);
        JMSConsumer consumer = tx.createConsumer(local);
        tx.createProducer().send(local, "a");
        assertNull(consumer.receiveNoWait());
        tx.commit();
        TextMessage m = (TextMessage) consumer.receive(5000);
        assertNotNull(m);
        tx.rollback();
        Message again = consumer.receive(5000);
        assertTrue(FacadeGuard.runtime(again::getJMSRedelivered));
        tx.commit();
        assertNull(consumer.receiveNoWait());
        JMSContext auto = context(JMSContext.AUTO_ACKNOWLEDGE);
        assertThrows(IllegalStateRuntimeException.class, auto::commit);
    }

    @Test
    void clientAcknowledgeAndRecover() {
        JMSContext ctx = context(JMSContext.CLIENT_ACKNOWLEDGE);
        Queue local = ctx.createQueue(LOCAL);
        ctx.createProducer().send(local, "a");
        JMSConsumer consumer = ctx.createConsumer(local);
        assertNotNull(consumer.receive(5000));
        ctx.recover();
        Message again = consumer.receive(5000);
        assertEquals(2, FacadeGuard.runtime(() -> again.getIntProperty("JMSXDeliveryCount")));
        ctx.acknowledge();
        ctx.recover();
        assertNull(consumer.receive(50));
    }

    @Test
    void createContextSharesTheConnectionUntilTheLastCloses() {
        JMSContext first = fx.factory.createContext();
        JMSContext second = first.createContext(JMSContext.AUTO_ACKNOWLEDGE);
        Queue local = first.createQueue(LOCAL);
        first.createProducer().send(local, "shared");
        first.close();
        first.close();
        assertThrows(IllegalStateRuntimeException.class, first::createMessage);
        assertEquals("shared", second.createConsumer(local).receiveBody(String.class, 5000));
        second.close();
        assertThrows(IllegalStateRuntimeException.class, () -> second.createProducer());
    }

    @Test
    void autoStartCanBeTurnedOff() {
        JMSContext ctx = context(JMSContext.AUTO_ACKNOWLEDGE);
        ctx.setAutoStart(false);
        Queue local = ctx.createQueue(LOCAL);
        ctx.createProducer().send(local, "x");
        JMSConsumer consumer = ctx.createConsumer(local);
        assertNull(consumer.receive(50));
        ctx.start();
        assertEquals("x", consumer.receiveBody(String.class, 5000));
    }

    @Test
    void failuresAreRuntimeTwinsOfTheClassicExceptions() {
        fx = replaceFixture(b -> b.maxQueueMessages(1));
        JMSContext ctx = context(JMSContext.AUTO_ACKNOWLEDGE);
        Queue local = ctx.createQueue(LOCAL);
        JMSProducer producer = ctx.createProducer();
        producer.send(local, "fills the queue");
        assertThrows(ResourceAllocationRuntimeException.class, () -> producer.send(local, "one too many"));
        InvalidDestinationRuntimeException e = assertThrows(InvalidDestinationRuntimeException.class,
                () -> producer.send(ctx.createQueue("nowhere"), "x"));
        assertTrue(e.getMessage().contains(WORK), e.getMessage());
        assertThrows(InvalidSelectorRuntimeException.class, () -> ctx.createConsumer(local, "a = "));
        assertThrows(JMSRuntimeException.class, () -> ctx.createSharedConsumer(null, "s"));
        assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.unsubscribe("s"));
        assertThrows(JMSRuntimeException.class, () -> fx.factory.createContext(9));
    }

    @Test
    void asyncProducerAndCloseFromListenerIsRefused() throws Exception {
        JMSContext ctx = context(JMSContext.AUTO_ACKNOWLEDGE);
        Queue local = ctx.createQueue(LOCAL);
        CompletableFuture<Message> sent = new CompletableFuture<>();
        ctx.createProducer().setAsync(new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                sent.complete(message);
            }

            @Override
            public void onException(Message message, Exception exception) {
                sent.completeExceptionally(exception);
            }
        }).send(local, "async");
        assertNotNull(sent.get(5, TimeUnit.SECONDS).getJMSMessageID());

        CompletableFuture<RuntimeException> closeFromListener = new CompletableFuture<>();
        ctx.createConsumer(local).setMessageListener(m -> {
            try {
                ctx.close();
                closeFromListener.complete(null);
            } catch (RuntimeException e) {
                closeFromListener.complete(e);
            }
        });
        assertTrue(closeFromListener.get(5, TimeUnit.SECONDS) instanceof IllegalStateRuntimeException);
    }

    @Test
    void clientIdAndMetaData() throws Exception {
        JMSContext ctx = context(JMSContext.AUTO_ACKNOWLEDGE);
        ctx.setClientID("ctx-client");
        assertEquals("ctx-client", ctx.getClientID());
        assertEquals("fpm-jms", ctx.getMetaData().getJMSProviderName());
        JMSContext other = context(JMSContext.AUTO_ACKNOWLEDGE);
        assertThrows(jakarta.jms.InvalidClientIDRuntimeException.class, () -> other.setClientID("ctx-client"));
        JMSContext child = fx.track(other.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        assertThrows(IllegalStateRuntimeException.class, () -> child.setClientID("child"));
    }

    private FacadeFixture replaceFixture(java.util.function.UnaryOperator<dev.fpmjms.config.FpmConfig.Builder> c) {
        try {
            fx.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new FacadeFixture(c);
    }
}
