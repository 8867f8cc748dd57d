package dev.fpmjms.jms;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import org.junit.jupiter.api.Test;

/** The provider alone has no broker engine: broker mode fails with the artifact to add, and starts nothing. */
class BrokerModeWithoutEngineTest {

    private static final String URI = "fpm://?broker=tcp://127.0.0.1:1&route.mail=tcp://127.0.0.1:2|/srv/mail.php";

    @Test
    void connectionFailsNamingTheMissingArtifact() {
        FpmConnectionFactory f = new FpmConnectionFactory(URI);
        JMSException e = assertThrows(JMSException.class, f::createConnection);
        assertTrue(e.getMessage().contains("dev.fpmjms:fpm-jms-artemis"), e.getMessage());
        assertTrue(e.getMessage().contains("'broker'"), e.getMessage());
        assertThrows(JMSException.class, f::createQueueConnection);
        JMSRuntimeException r = assertThrows(JMSRuntimeException.class, f::createContext);
        assertTrue(r.getMessage().contains("dev.fpmjms:fpm-jms-artemis"), r.getMessage());
        JMSException q = assertThrows(JMSException.class, () -> f.queue("mail"));
        assertTrue(q.getMessage().contains("dev.fpmjms:fpm-jms-artemis"), q.getMessage());
    }

    @Test
    void embeddedModeQueuesStayFpmQueues() throws JMSException {
        FpmConnectionFactory f = new FpmConnectionFactory("fpm://?route.mail=tcp://127.0.0.1:2|/srv/mail.php");
        assertTrue(f.queue("mail") instanceof FpmQueue);
    }
}
