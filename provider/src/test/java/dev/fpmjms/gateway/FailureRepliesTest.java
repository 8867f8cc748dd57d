package dev.fpmjms.gateway;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureRepliesTest {
    private static final DestinationRef REPLIES = DestinationRef.queue("replies");

    private static FpmEnvelope request(DestinationRef replyTo) {
        return FpmEnvelope.builder(DestinationRef.queue("invoices")).messageId("ID:r1").replyTo(replyTo)
                .persistent(false).priority(7).deliveryCount(3).body(BodyType.TEXT, "17").property("app", "x").build();
    }

    @Test
    void failureReplyIsCorrelatedLikeASuccessReplyAndNamesTheCause() {
        DeliveryOutcome outcome = DeliveryOutcome.failure(Result.WORKER_FAILURE, 500, "worker replied status 500")
                .withWorkerOutput("\nPHP message: PHP Warning:  db down in /srv/x.php:3\nsecond line\n", 12);
        FpmEnvelope reply = FailureReplies.of("invoices", request(REPLIES), outcome);
        assertEquals(REPLIES, reply.destination());
        assertEquals("ID:r1", reply.correlationId());
        assertNull(reply.messageId(), "stamped by the engine");
        assertFalse(reply.persistent());
        assertEquals(7, reply.priority());
        assertEquals(BodyType.NONE, reply.bodyType());
        assertEquals("WORKER_FAILURE: worker replied status 500", reply.properties().get("JMS_FPM_FAILURE"));
        assertEquals(500, reply.properties().get("JMS_FPM_STATUS"));
        assertEquals(3, reply.properties().get("JMS_FPM_ATTEMPTS"));
        assertEquals("invoices", reply.properties().get("JMS_FPM_QUEUE"));
        assertEquals("PHP Warning:  db down in /srv/x.php:3", reply.properties().get("JMS_FPM_STDERR"));
        assertFalse(reply.properties().containsKey("app"), "the request's own properties stay on the dead letter");
    }

    @Test
    void noStatusAndNoStderrLeaveTheirPropertiesOut() {
        FpmEnvelope reply = FailureReplies.of("invoices", request(REPLIES), DeliveryOutcome.lostAfterWrite("reset"));
        assertFalse(reply.properties().containsKey("JMS_FPM_STATUS"));
        assertFalse(reply.properties().containsKey("JMS_FPM_STDERR"));
        assertEquals("LOST_AFTER_WRITE: reset", reply.properties().get("JMS_FPM_FAILURE"));
    }

    @Test
    void requestWithoutReplyToIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FailureReplies.of("invoices", request(null), DeliveryOutcome.rejected("no")));
        assertTrue(e.getMessage().contains("ID:r1") && e.getMessage().contains("JMSReplyTo"), e.getMessage());
    }

    @Test
    void firstLineSkipsBlankLinesAndThePhpFpmPrefix() {
        assertEquals("", FailureReplies.firstLine(""));
        assertEquals("", FailureReplies.firstLine(null));
        assertEquals("", FailureReplies.firstLine(" \n\r\n"));
        assertEquals("a", FailureReplies.firstLine("  a  \nb"));
        assertEquals("PHP Fatal error:  x", FailureReplies.firstLine("PHP message: PHP Fatal error:  x\r\nmore"));
    }
}
