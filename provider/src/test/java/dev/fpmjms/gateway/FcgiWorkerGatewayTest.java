package dev.fpmjms.gateway;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.transport.FakeFcgiServer;
import dev.fpmjms.transport.FakeFcgiServer.Action;
import dev.fpmjms.transport.FakeFcgiServer.Reply;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;
import dev.fpmjms.wire.WireRequestEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status -> outcome classification of {@link FcgiWorkerGateway} (the "Delivery outcomes"
 * table of docs/delivery-outcomes.md) against a scripted fake FastCGI server on a real socket:
 * each kind of reply php-fpm or a worker can give, and what the gateway makes of it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FcgiWorkerGatewayTest {

    private static final String SCRIPT = "/srv/workers/work.php";

    private static FpmEnvelope request() {
        return FpmEnvelope.builder(DestinationRef.queue("work")).messageId("ID:test-1").timestamp(1)
                .deliveryCount(1).body(BodyType.TEXT, "hello").build();
    }

    private static DeliveryOutcome deliver(FcgiEndpoint endpoint) throws Exception {
        FcgiClientSettings settings = FcgiClientSettings.builder().maxInFlight(1)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).build();
        try (FcgiClient client = new FcgiClient(endpoint, settings)) {
            FcgiWorkerGateway gateway = new FcgiWorkerGateway("work",
                    WireRequestEncoder.forRoute("work", SCRIPT, Map.of(), WireRequestEncoder.PROTOCOL_VERSION),
                    List.of(client), false);
            return gateway.deliver(request()).get(20, TimeUnit.SECONDS);
        }
    }

    private static DeliveryOutcome deliver(Reply reply) throws Exception {
        try (FakeFcgiServer server = FakeFcgiServer.replying((c, r) -> reply)) {
            return deliver(server.endpoint());
        }
    }

    @ParameterizedTest(name = "Status {0}: {1}")
    @CsvSource({
            "200, SUCCESS",
            "201, SUCCESS",
            "204, SUCCESS",
            "299, SUCCESS",
            "302, WORKER_FAILURE",
            "400, REJECTED",
            "404, REJECTED",
            "422, REJECTED",
            "499, REJECTED",
            "500, WORKER_FAILURE",
            "503, WORKER_FAILURE",
    })
    void theCgiStatusDecidesTheOutcome(int status, Result expected) throws Exception {
        DeliveryOutcome outcome = deliver(Reply.stdout("Status: " + status + " Whatever\r\n"
                + "Content-Type: text/plain\r\n\r\nbody"));
        assertEquals(expected, outcome.result(), outcome.toString());
        assertEquals(status, outcome.status());
        assertTrue(outcome.reachedWorker());
        assertTrue(outcome.workerMillis() >= 0, "the time is known: " + outcome.workerMillis());
        if (expected == Result.SUCCESS) {
            assertNotNull(outcome.reply());
            assertEquals(DestinationRef.queue("work"), outcome.reply().destination(), "no JMSReplyTo: the worker queue");
            assertEquals(status, outcome.reply().properties().get("JMS_FPM_STATUS"));
        } else {
            assertNull(outcome.reply());
            assertTrue(outcome.detail().contains("status " + status), outcome.detail());
        }
    }

    @Test
    void aReplyWithoutStatusIsA200() throws Exception {
        DeliveryOutcome outcome = deliver(Reply.stdout("Content-Type: text/plain\r\n\r\nplain echo"));
        assertEquals(Result.SUCCESS, outcome.result());
        assertEquals(200, outcome.status());
        assertEquals("plain echo", outcome.reply().body());
    }

    @Test
    void aPhpFatalErrorOnStderrIsAWorkerFailureWithStatus500AndTheStderr() throws Exception {
        String fatal = "PHP Fatal error:  Uncaught Error: Call to undefined function nope()";
        DeliveryOutcome outcome = deliver(new Reply("Status: 200\r\n\r\npartial", fatal, 0));
        assertEquals(Result.WORKER_FAILURE, outcome.result());
        assertEquals(500, outcome.status(), "a 2xx with a fatal error counts as 500");
        assertTrue(outcome.stderr().contains("Call to undefined function"), outcome.stderr());
        assertTrue(outcome.detail().contains(SCRIPT), outcome.detail());

        DeliveryOutcome parse = deliver(new Reply("Status: 503\r\n\r\n", "PHP Parse error:  syntax error", 0));
        assertEquals(Result.WORKER_FAILURE, parse.result());
        assertEquals(503, parse.status(), "a 5xx status is kept");
    }

    @Test
    void stderrWithoutAFatalErrorLeavesASuccessASuccess() throws Exception {
        DeliveryOutcome outcome = deliver(new Reply("Status: 200\r\n\r\nok", "PHP Warning:  something", 0));
        assertEquals(Result.SUCCESS, outcome.result());
        assertTrue(outcome.stderr().contains("PHP Warning"), outcome.stderr());
    }

    @ParameterizedTest(name = "protocol status {0}")
    @CsvSource({"1, CANT_MPX_CONN", "2, OVERLOADED", "3, UNKNOWN_ROLE"})
    void aRefusalInTheEndRequestRecordIsNotDelivered(int protocolStatus, String name) throws Exception {
        DeliveryOutcome outcome = deliver(new Reply("", "", protocolStatus));
        assertEquals(Result.NOT_DELIVERED, outcome.result());
        assertFalse(outcome.reachedWorker(), "not counted as a delivery");
        assertEquals(DeliveryOutcome.NO_STATUS, outcome.status());
        assertTrue(outcome.detail().contains(name), outcome.detail());
    }

    @Test
    void anUnreadableCgiHeadIsAPermanentFailure() throws Exception {
        DeliveryOutcome outcome = deliver(Reply.stdout("Status: two hundred\r\n\r\nx"));
        assertEquals(Result.PERMANENT_FAILURE, outcome.result());
        assertEquals(DeliveryOutcome.NO_STATUS, outcome.status());
        assertTrue(outcome.detail().startsWith("unreadable reply from the worker"), outcome.detail());
    }

    @Test
    void aReplyThatBreaksTheWireContractIsAPermanentFailureWithItsStatus() throws Exception {
        DeliveryOutcome outcome = deliver(Reply.stdout("Status: 200\r\nX-Fpmjms-Body-Type: PARCEL\r\n\r\nx"));
        assertEquals(Result.PERMANENT_FAILURE, outcome.result());
        assertEquals(200, outcome.status());
        assertTrue(outcome.detail().contains("wire contract"), outcome.detail());
    }

    @Test
    void aConnectionClosedAfterTheRequestIsLostAfterWriteAndSaysTheWorkerMayHaveRun() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> Action.CLOSE_SILENTLY)) {
            DeliveryOutcome outcome = deliver(server.endpoint());
            assertEquals(Result.LOST_AFTER_WRITE, outcome.result());
            assertTrue(outcome.reachedWorker());
            assertTrue(outcome.detail().endsWith(FcgiWorkerGateway.WORKER_GONE), outcome.detail());
        }
    }

    @Test
    void bytesThatAreNotFastCgiAreAWorkerFailure() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> Action.GARBAGE)) {
            DeliveryOutcome outcome = deliver(server.endpoint());
            assertEquals(Result.WORKER_FAILURE, outcome.result(), outcome.toString());
        }
    }

    @Test
    void aRefusedConnectionIsNotDelivered() throws Exception {
        FcgiEndpoint gone;
        try (FakeFcgiServer server = FakeFcgiServer.replying((c, r) -> Reply.stdout(""))) {
            gone = server.endpoint();
        }
        DeliveryOutcome outcome = deliver(gone);
        assertEquals(Result.NOT_DELIVERED, outcome.result(), outcome.toString());
        assertFalse(outcome.reachedWorker());
    }
}
