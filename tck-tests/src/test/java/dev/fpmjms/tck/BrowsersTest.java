package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Messaging 3.1, queue browsers. A provider may need time before a sent
 * message is browsable (a worker queue holds it until the worker has answered), so tests first wait
 * until the expected number of messages is visible.
 */
@DisplayName("11 Queue browsers")
class BrowsersTest extends ConformanceTestBase {

    private Session session;
    private Queue queue;
    private MessageProducer producer;

    @BeforeEach
    void open() throws Exception {
        session = session();
        queue = queue();
        producer = session.createProducer(queue);
    }

    private void sendTexts(int n) throws JMSException {
        for (int i = 0; i < n; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            m.setIntProperty("n", i);
            producer.send(m);
        }
    }

    private List<String> browse(String selector) throws JMSException {
        try (QueueBrowser b = session.createBrowser(queue, selector)) {
            List<String> texts = new ArrayList<>();
            Enumeration<?> e = b.getEnumeration();
            while (e.hasMoreElements()) {
                texts.add(((TextMessage) e.nextElement()).getText());
            }
            return texts;
        }
    }

    /** Browses until {@code expected} messages are visible or the receive timeout passes. */
    private List<String> browseUntil(String selector, int expected) throws Exception {
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        eventually(RECEIVE_TIMEOUT_MS, () -> {
            try {
                last.set(0, browse(selector));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            return last.get(0).size() >= expected;
        });
        return last.get(0);
    }

    /**
     * A browser shows what waits in the queue. On a provider whose queues pass through workers,
     * that includes messages that wait for dispatch (here: the workers cannot be reached).
     */
    @Test
    void browsingShowsMessagesThatWaitForDispatch() throws Exception {
        queue = provider.unservedQueue("tck.BrowsersTest.unserved");
        producer = session.createProducer(queue);
        sendTexts(3);
        assertEquals(List.of("m0", "m1", "m2"), browseUntil(null, 3));
        assertEquals(List.of("m1"), browseUntil("n = 1", 1));
    }

    @Test
    void browsingShowsMessagesInOrderWithoutConsumingThem() throws Exception {
        sendTexts(5);
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), browseUntil(null, 5));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), browse(null), "browsing again shows the same");
        MessageConsumer c = session.createConsumer(queue);
        for (int i = 0; i < 5; i++) {
            assertEquals("m" + i, ((TextMessage) receive(c)).getText(), "still there for a consumer");
        }
    }

    @Test
    void browsingAnEmptyQueue() throws Exception {
        try (QueueBrowser b = session.createBrowser(queue)) {
            Enumeration<?> e = b.getEnumeration();
            assertFalse(e.hasMoreElements());
            assertThrows(NoSuchElementException.class, e::nextElement);
        }
    }

    @Test
    void browserWithSelector() throws Exception {
        sendTexts(6);
        browseUntil(null, 6);
        assertEquals(List.of("m1", "m3", "m5"), browse("n = 1 OR n = 3 OR n = 5"));
        assertEquals(List.of("m4", "m5"), browse("n > 3"));
        assertEquals(List.of(), browse("n > 100"));
    }

    @Test
    void browserReportsItsQueueAndSelector() throws Exception {
        try (QueueBrowser b = session.createBrowser(queue, "n > 1")) {
            assertEquals(queue.getQueueName(), b.getQueue().getQueueName());
            assertEquals("n > 1", b.getMessageSelector());
        }
        try (QueueBrowser b = session.createBrowser(queue)) {
            assertNull(b.getMessageSelector());
        }
        try (QueueBrowser b = session.createBrowser(queue, "")) {
            assertNull(b.getMessageSelector(), "an empty selector is no selector");
        }
    }

    @Test
    void consumedMessagesAreNoLongerBrowsed() throws Exception {
        sendTexts(3);
        browseUntil(null, 3);
        MessageConsumer c = session.createConsumer(queue);
        receive(c);
        c.close();
        assertEquals(List.of("m1", "m2"), browse(null));
    }

    @Test
    void browsedMessagesAreComplete() throws Exception {
        TextMessage m = session.createTextMessage("full");
        m.setStringProperty("p", "v");
        m.setJMSType("t");
        m.setJMSCorrelationID("c");
        producer.send(m);
        browseUntil(null, 1);
        try (QueueBrowser b = session.createBrowser(queue)) {
            Message seen = (Message) b.getEnumeration().nextElement();
            assertEquals("full", ((TextMessage) seen).getText());
            assertEquals("v", seen.getStringProperty("p"));
            assertEquals("t", seen.getJMSType());
            assertEquals("c", seen.getJMSCorrelationID());
            assertEquals(m.getJMSMessageID(), seen.getJMSMessageID());
        }
    }

    @Test
    void twoEnumerationsOfOneBrowser() throws Exception {
        sendTexts(2);
        browseUntil(null, 2);
        try (QueueBrowser b = session.createBrowser(queue)) {
            List<?> first = Collections.list(b.getEnumeration());
            List<?> second = Collections.list(b.getEnumeration());
            assertEquals(2, first.size());
            assertEquals(2, second.size());
        }
    }

    @Test
    void browsingWorksOnAStoppedConnection() throws Exception {
        sendTexts(1);
        browseUntil(null, 1);
        Session s = connection().createSession();
        try (QueueBrowser b = s.createBrowser(queue)) {
            List<?> seen = Collections.list(b.getEnumeration());
            assertEquals(1, seen.size(), "browsing does not need a started connection");
        }
    }

    @Test
    void browserOfATransactedSessionDoesNotSeeUncommittedSends() throws Exception {
        Session tx = startedConnection().createSession(true, Session.SESSION_TRANSACTED);
        tx.createProducer(queue).send(tx.createTextMessage("pending"));
        sendTexts(1);
        assertEquals(List.of("m0"), browseUntil(null, 1));
        assertEquals(List.of("m0"), browse(null));
        tx.commit();
        assertEquals(List.of("m0", "pending"), browseUntil(null, 2));
    }

    @Test
    void browsedMessageHasNotBeenRedelivered() throws Exception {
        sendTexts(1);
        browseUntil(null, 1);
        try (QueueBrowser b = session.createBrowser(queue)) {
            assertFalse(((Message) b.getEnumeration().nextElement()).getJMSRedelivered());
        }
        assertTrue(browse(null).contains("m0"));
    }
}
