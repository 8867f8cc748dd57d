package dev.fpmjms.jms;

import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static dev.fpmjms.jms.FacadeFixture.WORK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(20)
class BrowserTest {
    private final FacadeFixture fx = new FacadeFixture();

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static List<String> texts(Enumeration<?> e) throws Exception {
        List<String> out = new ArrayList<>();
        for (Object m : Collections.list(e)) {
            out.add(((TextMessage) m).getText());
        }
        return out;
    }

    @Test
    void aWorkerQueuesBrowserShowsRequestsWaitingForDispatchAfterTheReplies() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue work = session.createQueue(WORK);
        MessageProducer producer = session.createProducer(work);
        producer.send(session.createTextMessage("answered"));
        FacadeFixture.await("reply waiting", () -> {
            try {
                return texts(session.createBrowser(work).getEnumeration()).size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        fx.gateways.pause();
        int window = 2 * fx.config.routes().get(WORK).maxInFlight();
        for (int i = 0; i < window + 2; i++) {
            producer.send(session.createTextMessage("r" + i));
        }
        FacadeFixture.await("the dispatch window full", () -> fx.gateways.dispatched().size() == 1 + window);
        QueueBrowser browser = session.createBrowser(work);
        List<Message> seen = Collections.list(browser.getEnumeration());
        assertEquals(List.of("answered", "r" + window, "r" + (window + 1)), texts(Collections.enumeration(seen)));
        assertFalse(seen.get(0).propertyExists("JMS_FPM_WAITING"), "a reply is not marked");
        assertEquals(true, seen.get(1).getBooleanProperty("JMS_FPM_WAITING"));
        assertEquals(List.of("r" + window, "r" + (window + 1)),
                texts(session.createBrowser(work, "JMS_FPM_WAITING = TRUE").getEnumeration()));
        jakarta.jms.MessageConsumer consumer = session.createConsumer(work);
        assertEquals("answered", ((TextMessage) consumer.receive(5000)).getText());
        assertEquals(null, consumer.receiveNoWait(), "a consumer receives replies only");
        fx.gateways.resume();
        for (int i = 0; i < window + 2; i++) {
            assertEquals("r" + i, ((TextMessage) consumer.receive(5000)).getText());
        }
    }

    @Test
    void browsesASnapshotInDeliveryOrderWithoutConsuming() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue local = session.createQueue(LOCAL);
        MessageProducer producer = session.createProducer(local);
        for (int i = 0; i < 3; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            m.setIntProperty("n", i);
            producer.send(m, jakarta.jms.DeliveryMode.PERSISTENT, i == 2 ? 9 : 4, 0);
        }
        QueueBrowser browser = session.createBrowser(local);
        Enumeration<?> snapshot = browser.getEnumeration();
        producer.send(session.createTextMessage("after snapshot"));
        assertEquals(List.of("m2", "m0", "m1"), texts(snapshot));
        assertEquals(List.of("m1"), texts(session.createBrowser(local, "n = 1").getEnumeration()));
        assertEquals(4, texts(browser.getEnumeration()).size());
        assertEquals(local, browser.getQueue());

        jakarta.jms.MessageConsumer consumer = session.createConsumer(local);
        for (int i = 0; i < 4; i++) {
            Message m = consumer.receive(5000);
            assertFalse(m == null, "browsed messages are still there");
        }
        Enumeration<?> empty = browser.getEnumeration();
        assertFalse(empty.hasMoreElements());
        assertThrows(NoSuchElementException.class, empty::nextElement);
        browser.close();
        assertThrows(jakarta.jms.IllegalStateException.class, browser::getEnumeration);
    }

    @Test
    void browsingAWorkerQueueShowsItsReplies() throws Exception {
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        Queue work = session.createQueue(WORK);
        session.createProducer(work).send(session.createTextMessage("echo me"));
        QueueBrowser browser = session.createBrowser(work);
        FacadeFixture.await("reply waiting", () -> {
            try {
                return browser.getEnumeration().hasMoreElements();
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(List.of("echo me"), texts(browser.getEnumeration()));
    }
}
