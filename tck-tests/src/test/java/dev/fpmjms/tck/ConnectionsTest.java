package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Jakarta Messaging 3.1, connections, client identifiers and metadata. */
@DisplayName("01 Connections")
class ConnectionsTest extends ConformanceTestBase {

    @Test
    void metaDataDescribesTheProvider() throws Throwable {
        ConnectionMetaData md = connection().getMetaData();
        assertNotNull(md.getJMSProviderName());
        assertNotNull(md.getProviderVersion());
        assertTrue(md.getProviderMajorVersion() >= 0);
        assertNotNull(md.getJMSVersion());
        assertTrue(md.getJMSMajorVersion() >= 2, "at least JMS 2.0: " + md.getJMSVersion());
    }

    @Test
    void metaDataReportsMessaging31() throws Throwable {
        ConnectionMetaData md = connection().getMetaData();
        knownDeviation("artemis", "ConnectionMetaData reports JMS version " + md.getJMSVersion() + " rather than 3.1",
                () -> {
                    assertEquals("3.1", md.getJMSVersion());
                    assertEquals(3, md.getJMSMajorVersion());
                    assertEquals(1, md.getJMSMinorVersion());
                });
    }

    @Test
    void clientIdSetBeforeUse() throws Exception {
        Connection c = connection();
        String id = "tck-client-" + System.nanoTime();
        c.setClientID(id);
        assertEquals(id, c.getClientID());
    }

    @Test
    void clientIdCannotBeSetAfterUse() throws Exception {
        Connection c = connection();
        c.createSession();
        assertThrows(IllegalStateException.class, () -> c.setClientID("late-" + System.nanoTime()));
    }

    @Test
    void clientIdCannotBeSetTwice() throws Exception {
        Connection c = connection();
        c.setClientID("first-" + System.nanoTime());
        assertThrows(IllegalStateException.class, () -> c.setClientID("second-" + System.nanoTime()));
    }

    @Test
    void clientIdIsUniqueAcrossConnections() throws Exception {
        String id = "unique-" + System.nanoTime();
        Connection a = connection();
        a.setClientID(id);
        Connection b = connection();
        assertThrows(InvalidClientIDException.class, () -> b.setClientID(id));
    }

    @Test
    void exceptionListenerIsKept() throws Exception {
        Connection c = connection();
        assertNull(c.getExceptionListener());
        ExceptionListener l = e -> { };
        c.setExceptionListener(l);
        assertSame(l, c.getExceptionListener());
    }

    @Test
    void startAndStopAreIdempotent() throws Exception {
        Connection c = connection();
        c.start();
        c.start();
        c.stop();
        c.stop();
        c.start();
        Queue q = queue();
        Session s = c.createSession();
        s.createProducer(q).send(s.createTextMessage("after restarts"));
        assertEquals("after restarts", ((TextMessage) receive(s.createConsumer(q))).getText());
    }

    @Test
    void closeIsIdempotentAndClosesSessions() throws Exception {
        Connection c = connection();
        Session s = c.createSession();
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, s::createMessage);
    }

    @Test
    void closeRollsBackAndReturnsUnacknowledgedMessages() throws Exception {
        Queue q = queue();
        Connection c = startedConnection();
        Session client = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        client.createProducer(q).send(client.createTextMessage("unacked"));
        receive(client.createConsumer(q));
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        tx.createProducer(q).send(tx.createTextMessage("uncommitted"));
        c.close();
        MessageConsumer after = startedConnection().createSession().createConsumer(q);
        TextMessage m = (TextMessage) receive(after);
        assertEquals("unacked", m.getText());
        assertTrue(m.getJMSRedelivered());
        assertNoMessage(after);
    }

    @Test
    void manyConnectionsShareQueues() throws Exception {
        Queue q = queue();
        Session producer = startedConnection().createSession();
        Session consumer = startedConnection().createSession();
        producer.createProducer(q).send(producer.createTextMessage("across connections"));
        assertEquals("across connections", ((TextMessage) receive(consumer.createConsumer(q))).getText());
    }

    @Test
    void connectionWithCredentialsIsAccepted() throws Exception {
        Connection c = track(provider.connectionFactory().createConnection(null, null));
        c.start();
        assertNotNull(c.createSession());
    }
}
