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
