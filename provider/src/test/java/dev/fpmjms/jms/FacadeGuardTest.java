package dev.fpmjms.jms;

import dev.fpmjms.engine.QueueFullException;
import dev.fpmjms.engine.UnknownDestinationException;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FacadeGuardTest {

    @Test
    void everyJMSExceptionHasItsRuntimeTwin() {
        Map<JMSException, Class<? extends JMSRuntimeException>> table = Map.ofEntries(
                Map.entry(new IllegalStateException("m", "c"), IllegalStateRuntimeException.class),
                Map.entry(new InvalidClientIDException("m", "c"), InvalidClientIDRuntimeException.class),
                Map.entry(new InvalidDestinationException("m", "c"), InvalidDestinationRuntimeException.class),
                Map.entry(new InvalidSelectorException("m", "c"), InvalidSelectorRuntimeException.class),
                Map.entry(new JMSSecurityException("m", "c"), JMSSecurityRuntimeException.class),
                Map.entry(new MessageFormatException("m", "c"), MessageFormatRuntimeException.class),
                Map.entry(new MessageNotWriteableException("m", "c"), MessageNotWriteableRuntimeException.class),
                Map.entry(new ResourceAllocationException("m", "c"), ResourceAllocationRuntimeException.class),
                Map.entry(new TransactionInProgressException("m", "c"), TransactionInProgressRuntimeException.class),
                Map.entry(new TransactionRolledBackException("m", "c"), TransactionRolledBackRuntimeException.class),
                Map.entry(new JMSException("m", "c"), JMSRuntimeException.class));
        table.forEach((checked, runtimeClass) -> {
            JMSRuntimeException r = FacadeGuard.runtime(checked);
            assertEquals(runtimeClass, r.getClass());
            assertEquals("m", r.getMessage());
            assertEquals("c", r.getErrorCode());
            assertSame(checked, r.getCause());
        });
    }

    @Test
    void engineFailuresBecomeTheMatchingJMSExceptions() {
        JMSException e = FacadeGuard.translate("send", new UnknownDestinationException("no queue 'x'"));
        assertTrue(e instanceof InvalidDestinationException);
        assertEquals("send: no queue 'x'", e.getMessage());
        assertTrue(e.getLinkedException() instanceof UnknownDestinationException);
        assertTrue(FacadeGuard.translate("send", new QueueFullException("full")) instanceof ResourceAllocationException);
        assertTrue(FacadeGuard.translate("send", new java.lang.IllegalStateException("deleted")) instanceof IllegalStateException);
        JMSException plain = FacadeGuard.translate("send", new RuntimeException("boom"));
        assertEquals(JMSException.class, plain.getClass());
        assertTrue(plain.getCause() instanceof RuntimeException);
    }

    @Test
    void interruptsAreRestored() {
        try {
            JMSException e = FacadeGuard.translate("receive", new InterruptedException());
            assertTrue(Thread.currentThread().isInterrupted());
            assertTrue(e.getMessage().contains("interrupted"));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closedGuardNamesTheObject() throws Exception {
        FacadeGuard guard = new FacadeGuard("session-9 of connection-x");
        guard.checkOpen();
        assertTrue(guard.markClosed());
        assertTrue(!guard.markClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, guard::checkOpen);
        assertEquals("session-9 of connection-x is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> guard.engine("send", () -> null));
    }
}
