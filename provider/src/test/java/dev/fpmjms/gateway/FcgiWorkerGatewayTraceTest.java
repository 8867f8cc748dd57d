package dev.fpmjms.gateway;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.TraceContext;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.transport.FakeFcgiServer;
import dev.fpmjms.transport.FakeFcgiServer.Reply;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.wire.WireRequestEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The trace context on a reply, against a scripted fake FastCGI server: a success reply carries
 * the request's W3C context unless the worker gave its own (a valid {@code X-Fpmjms-Traceparent});
 * a context that is not valid, on either side, never fails the delivery.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FcgiWorkerGatewayTraceTest {
    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String WORKER = "00-4bf92f3577b34da6a3ce929d0e0e4736-2222222222222222-01";

    private static FpmEnvelope request(String traceparent) {
        return FpmEnvelope.builder(DestinationRef.queue("work")).messageId("ID:trace-1").deliveryCount(1)
                .body(BodyType.TEXT, "hello").property(TraceContext.TRACEPARENT, traceparent)
                .property(TraceContext.TRACESTATE, "a=1").build();
    }

    private static FpmEnvelope reply(FpmEnvelope request, String head) throws Exception {
        FcgiClientSettings settings = FcgiClientSettings.builder().maxInFlight(1)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).build();
        try (FakeFcgiServer server = FakeFcgiServer.replying((c, r) -> Reply.stdout(head + "\r\nreply body"));
             FcgiClient client = new FcgiClient(server.endpoint(), settings)) {
            FcgiWorkerGateway gateway = new FcgiWorkerGateway("work",
                    WireRequestEncoder.forRoute("work", "/srv/work.php", Map.of(), WireRequestEncoder.PROTOCOL_VERSION),
                    List.of(client), false);
            DeliveryOutcome outcome = gateway.deliver(request).get(20, TimeUnit.SECONDS);
            assertEquals(Result.SUCCESS, outcome.result(), outcome.toString());
            return outcome.reply();
        }
    }

    @Test
    void aReplyCarriesTheRequestsContext() throws Exception {
        FpmEnvelope reply = reply(request(PARENT), "Content-Type: text/plain\r\n");
        assertEquals(PARENT, reply.properties().get(TraceContext.TRACEPARENT));
        assertEquals("a=1", reply.properties().get(TraceContext.TRACESTATE));
        assertEquals("reply body", reply.body());
    }

    @Test
    void theWorkersOwnContextWins() throws Exception {
        FpmEnvelope reply = reply(request(PARENT), "X-Fpmjms-Traceparent: " + WORKER + "\r\n");
        assertEquals(WORKER, reply.properties().get(TraceContext.TRACEPARENT));
        assertFalse(reply.properties().containsKey(TraceContext.TRACESTATE), "the worker gave no tracestate");
    }

    @Test
    void aWorkersContextThatIsNotValidIsPassedOver() throws Exception {
        FpmEnvelope reply = reply(request(PARENT), "X-Fpmjms-Traceparent: 00-nonsense\r\n");
        assertEquals(PARENT, reply.properties().get(TraceContext.TRACEPARENT));
        assertEquals("a=1", reply.properties().get(TraceContext.TRACESTATE));
    }

    @Test
    void aRequestWhoseContextIsNotValidIsDeliveredAndItsReplyGetsNone() throws Exception {
        FpmEnvelope reply = reply(request("00-not-valid"), "Content-Type: text/plain\r\n");
        assertFalse(reply.properties().containsKey(TraceContext.TRACEPARENT));
        assertFalse(reply.properties().containsKey(TraceContext.TRACESTATE));
    }
}
