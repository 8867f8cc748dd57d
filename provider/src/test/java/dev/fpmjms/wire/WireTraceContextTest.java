package dev.fpmjms.wire;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.TraceContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The W3C Trace Context on the wire: the request params PHP reads, and the reply's context. */
class WireTraceContextTest {
    private static final String SCRIPT = "/srv/workers/echo.php";
    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String OTHER = "00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-00";

    private static FpmEnvelope message(String traceparent, String tracestate) {
        return FpmEnvelope.builder(Samples.QUEUE).messageId("ID:m-1").deliveryCount(1).body(BodyType.TEXT, "hi")
                .property("n", 1).property(TraceContext.TRACEPARENT, traceparent)
                .property(TraceContext.TRACESTATE, tracestate).build();
    }

    private static Map<String, String> params(FpmEnvelope m) {
        return WireRequestEncoder.encode(m, Samples.QUEUE.name(), SCRIPT, Map.of()).params();
    }

    @Test
    void theMessagesContextGoesWhereTheHttpHeadersWouldBeAndItsPropertiesStayAsTheyAre() {
        Map<String, String> p = params(message(PARENT, "congo=t61rcWkgMzE"));
        assertEquals(PARENT, p.get("HTTP_TRACEPARENT"));
        assertEquals("congo=t61rcWkgMzE", p.get("HTTP_TRACESTATE"));
        assertTrue(p.get("FPMJMS_PROPERTIES").contains("\"traceparent\":[\"string\",\"" + PARENT + "\"]"),
                p.get("FPMJMS_PROPERTIES"));
        Map<String, String> noState = params(message(PARENT, null));
        assertEquals(PARENT, noState.get("HTTP_TRACEPARENT"));
        assertFalse(noState.containsKey("HTTP_TRACESTATE"));
    }

    @Test
    void anInvalidContextIsNotSentAndTheSendGoesOn() {
        for (String bad : new String[] {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "nonsense\r\nX: y", ""}) {
            Map<String, String> p = params(message(bad, "a=1"));
            assertFalse(p.containsKey("HTTP_TRACEPARENT"), bad);
            assertFalse(p.containsKey("HTTP_TRACESTATE"), bad);
            assertTrue(p.containsKey("FPMJMS_PROPERTIES"), "the message goes, properties and all");
        }
        Map<String, String> badState = params(message(PARENT, "a=1\r\nX: y"));
        assertEquals(PARENT, badState.get("HTTP_TRACEPARENT"));
        assertFalse(badState.containsKey("HTTP_TRACESTATE"), "a tracestate that is not valid is dropped alone");
        Map<String, String> notString = params(FpmEnvelope.builder(Samples.QUEUE).property(TraceContext.TRACEPARENT, 5).build());
        assertFalse(notString.containsKey("HTTP_TRACEPARENT"));
    }

    @Test
    void theCallerMaySendAnotherContextThanTheMessages() {
        WireRequestEncoder encoder = WireRequestEncoder.forRoute(Samples.QUEUE.name(), SCRIPT, Map.of(), 2);
        Map<String, String> p = encoder.encode(message(PARENT, "a=1"), TraceContext.parse(OTHER, null)).params();
        assertEquals(OTHER, p.get("HTTP_TRACEPARENT"));
        assertFalse(p.containsKey("HTTP_TRACESTATE"));
        assertFalse(encoder.encode(message(PARENT, "a=1"), null).params().containsKey("HTTP_TRACEPARENT"));
        assertEquals(PARENT, WireRequestEncoder.forRoute(Samples.QUEUE.name(), SCRIPT, Map.of(), 1)
                .encode(message(PARENT, null)).params().get("HTTP_TRACEPARENT"), "protocol 1 sends it too");
    }

    @Test
    void routeParamsCannotTakeTheTraceParams() {
        for (String name : new String[] {"HTTP_TRACEPARENT", "HTTP_TRACESTATE"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WireRequestEncoder.checkRouteParams(Map.of(name, "x")));
            assertEquals("route param '" + name + "' is reserved by the fpm-jms wire contract", e.getMessage());
        }
    }

    private static Map<String, String> headers(String... nameValue) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValue.length; i += 2) {
            h.put(nameValue[i], nameValue[i + 1]);
        }
        return h;
    }

    @Test
    void theWorkerMayGiveItsReplyItsOwnContext() throws WireFormatException {
        assertNull(WireReplyDecoder.workerTraceContext(headers()));
        assertEquals(TraceContext.parse(OTHER, "w=1"),
                WireReplyDecoder.workerTraceContext(headers("X-Fpmjms-Traceparent", " " + OTHER, "x-fpmjms-tracestate", "w=1")));
        assertEquals(TraceContext.parse(OTHER, null),
                WireReplyDecoder.workerTraceContext(Map.of("x-fpmjms-traceparent", OTHER)), "any case, any map");
        assertNull(WireReplyDecoder.workerTraceContext(headers("X-Fpmjms-Tracestate", "w=1")), "a tracestate alone is none");
        assertEquals("X-Fpmjms-Traceparent: 'ff-1' is not a W3C traceparent (version-traceid-parentid-flags, lowercase hex)",
                assertThrows(WireFormatException.class, () -> WireReplyDecoder.workerTraceContext(
                        headers("X-Fpmjms-Traceparent", "ff-1"))).getMessage());
        assertEquals("X-Fpmjms-Tracestate: 'W=1' is not a W3C tracestate (key=value members, printable ASCII)",
                assertThrows(WireFormatException.class, () -> WireReplyDecoder.workerTraceContext(
                        headers("X-Fpmjms-Traceparent", OTHER, "X-Fpmjms-Tracestate", "W=1"))).getMessage());
    }

    @Test
    void aReplyCarriesTheContextItIsGiven() throws WireFormatException {
        FpmEnvelope request = message(PARENT, "a=1");
        byte[] body = "hi".getBytes(StandardCharsets.UTF_8);
        FpmEnvelope echo = WireReplyDecoder.decodeReply(request, 200,
                headers("X-Fpmjms-Echo", "1", "X-Fpmjms-Traceparent", OTHER), body, 0, body.length, Samples.QUEUE);
        assertEquals(PARENT, echo.properties().get(TraceContext.TRACEPARENT), "an echo has the request's properties");

        FpmEnvelope replaced = TraceContext.carried(echo, TraceContext.parse(OTHER, null));
        assertEquals(OTHER, replaced.properties().get(TraceContext.TRACEPARENT));
        assertFalse(replaced.properties().containsKey(TraceContext.TRACESTATE), "no stale tracestate is left");
        assertEquals(1, replaced.properties().get("n"));

        assertSame(echo, TraceContext.carried(echo, null));
        assertSame(echo, TraceContext.carried(echo, TraceContext.parse(PARENT, "a=1")), "already carried");
        FpmEnvelope plain = FpmEnvelope.builder(Samples.QUEUE).build();
        FpmEnvelope traced = TraceContext.carried(plain, TraceContext.parse(PARENT, "a=1"));
        assertEquals(Map.of(TraceContext.TRACEPARENT, PARENT, TraceContext.TRACESTATE, "a=1"), traced.properties());
    }
}
