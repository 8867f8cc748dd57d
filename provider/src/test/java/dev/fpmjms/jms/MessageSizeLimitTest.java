package dev.fpmjms.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message over {@code maxMessageBytes} fails at {@code send()} with a {@code JMSException} that
 * names the limit, in every kind of send, and nothing reaches a queue or a worker: before, a
 * 200 MiB BytesMessage was accepted and then failed in PHP on every attempt.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageSizeLimitTest {

    private static final int LIMIT = 256 * 1024;

    private static FacadeFixture fixture() {
        return new FacadeFixture(b -> b.maxMessageBytes(LIMIT));
    }

    private static BytesMessage tooLarge(Session s) throws JMSException {
        BytesMessage m = s.createBytesMessage();
        m.writeBytes(new byte[LIMIT + 1]);
        return m;
    }

    private static void assertNamesTheLimit(JMSException e) {
        assertEquals(FacadeGuard.MESSAGE_TOO_LARGE, e.getErrorCode());
        assertTrue(e.getMessage().contains("over the limit of " + LIMIT + " bytes (maxMessageBytes)"), e.getMessage());
    }

    @Test
    void aSynchronousSendFailsAtOnceAndNothingReachesTheWorker() throws Exception {
        try (FacadeFixture f = fixture()) {
            Session s = f.startedSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(FacadeFixture.WORK));
            assertNamesTheLimit(assertThrows(JMSException.class, () -> p.send(tooLarge(s))));
            TextMessage bigProperty = s.createTextMessage("x");
            bigProperty.setStringProperty("p", "v".repeat(LIMIT));
            assertNamesTheLimit(assertThrows(JMSException.class, () -> p.send(bigProperty)));
            p.send(s.createTextMessage("fits"));
            assertEquals("fits", FacadeFixture.receiveText(s.createConsumer(s.createQueue(FacadeFixture.WORK))).getText());
            assertEquals(1, f.gateways.requests().size(), "only the message that fits reached the worker");
        }
    }

    @Test
    void aPublishToATopicFailsAtOnce() throws Exception {
        try (FacadeFixture f = fixture()) {
            Session s = f.startedSession(Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.Topic news = s.createTopic("news");
            jakarta.jms.MessageConsumer subscriber = s.createConsumer(news);
            MessageProducer p = s.createProducer(news);
            assertNamesTheLimit(assertThrows(JMSException.class, () -> p.send(tooLarge(s))));
            p.send(s.createTextMessage("fits"));
            assertEquals("fits", FacadeFixture.receiveText(subscriber).getText());
        }
    }

    @Test
    void aTransactedSendFailsAtSendNotAtCommit() throws Exception {
        try (FacadeFixture f = fixture()) {
            Session s = f.startedSession(Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue(FacadeFixture.LOCAL));
            assertNamesTheLimit(assertThrows(JMSException.class, () -> p.send(tooLarge(s))));
            p.send(s.createTextMessage("fits"));
            s.commit();
            assertEquals("fits", FacadeFixture.receiveText(s.createConsumer(s.createQueue(FacadeFixture.LOCAL))).getText());
            s.commit();
        }
    }

    @Test
    void anAsynchronousSendReportsTheLimitToItsCompletionListener() throws Exception {
        try (FacadeFixture f = fixture()) {
            Session s = f.startedSession(Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(FacadeFixture.LOCAL));
            for (int mode : new int[] {DeliveryMode.PERSISTENT, DeliveryMode.NON_PERSISTENT}) {
                CompletableFuture<Exception> failed = new CompletableFuture<>();
                p.setDeliveryMode(mode);
                p.send(tooLarge(s), new CompletionListener() {
                    @Override
                    public void onCompletion(Message message) {
                        failed.complete(null);
                    }

                    @Override
                    public void onException(Message message, Exception exception) {
                        failed.complete(exception);
                    }
                });
                assertNamesTheLimit(assertInstanceOf(JMSException.class, failed.get(10, TimeUnit.SECONDS)));
            }
            assertEquals(0, f.engine().consumerQueue(dev.fpmjms.envelope.DestinationRef.queue(FacadeFixture.LOCAL)).size());
        }
    }
}
