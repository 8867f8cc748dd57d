package dev.fpmjms.wire;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real PHP side, without php-fpm: requests encoded by {@link WireRequestEncoder} run through
 * {@code echo.php} (and a worker that rebuilds the reply from PHP values) under the PHP CLI, and the
 * replies decoded by {@link WireReplyDecoder} must equal the requests.
 */
@Timeout(120)
class PhpEchoRoundTripTest {

    private static final DestinationRef INBOUND = DestinationRef.queue("orders.replies");

    private static FpmEnvelope roundTrip(Path script, FpmEnvelope request) throws Exception {
        return roundTrip(script, request, WireRequestEncoder.PROTOCOL_VERSION);
    }

    private static FpmEnvelope roundTrip(Path script, FpmEnvelope request, int protocol) throws Exception {
        PhpCli.Response r = run(script, request, protocol, Map.of());
        assertEquals(200, r.status(), "status; stderr: " + r.stderr());
        return WireReplyDecoder.decodeReply(request, r.status(), r.headers(), r.body(), 0, r.body().length, INBOUND);
    }

    private static PhpCli.Response run(Path script, FpmEnvelope request) throws IOException, InterruptedException {
        return run(script, request, WireRequestEncoder.PROTOCOL_VERSION, Map.of());
    }

    private static PhpCli.Response run(Path script, FpmEnvelope request, int protocol, Map<String, String> routeParams)
            throws IOException, InterruptedException {
        WireRequest wire = WireRequestEncoder.forRoute("orders", script.toString(), routeParams, protocol).encode(request);
        return PhpCli.run(script, wire);
    }

    private static Path echo() {
        return PhpCli.phpDir().resolve("echo.php");
    }

    @Test
    void echoReturnsEveryBodyTypeAndPropertyTypeUnchanged() throws Exception {
        for (int protocol = 1; protocol <= WireRequestEncoder.PROTOCOL_VERSION; protocol++) {
            for (Map.Entry<String, FpmEnvelope> e : Samples.bodies().entrySet()) {
                FpmEnvelope reply = roundTrip(echo(), e.getValue(), protocol);
                try {
                    Samples.assertEchoed(e.getValue(), reply);
                } catch (AssertionError ex) {
                    throw new AssertionError("protocol " + protocol + ", " + e.getKey() + ": " + ex.getMessage(), ex);
                }
            }
        }
    }

    @Test
    void fastPathAndHelperPathGiveTheSameReplyInBothProtocols() throws Exception {
        for (int protocol = 1; protocol <= WireRequestEncoder.PROTOCOL_VERSION; protocol++) {
            fastPathAndHelperPathGiveTheSameReply(protocol);
        }
    }

    private static void fastPathAndHelperPathGiveTheSameReply(int protocol) throws Exception {
        for (Map.Entry<String, FpmEnvelope> e : Samples.bodies().entrySet()) {
            FpmEnvelope request = e.getValue();
            PhpCli.Response fast = run(echo(), request, protocol, Map.of());
            PhpCli.Response helper = run(echo(), request, protocol, Map.of("ECHO_PATH", "helper"));
            assertEquals(200, fast.status(), e.getKey() + " " + fast.stderr());
            assertEquals(200, helper.status(), e.getKey() + " " + helper.stderr());
            FpmEnvelope a = WireReplyDecoder.decodeReply(request, fast.status(), fast.headers(), fast.body(), 0, fast.body().length, INBOUND);
            FpmEnvelope b = WireReplyDecoder.decodeReply(request, helper.status(), helper.headers(), helper.body(), 0, helper.body().length, INBOUND);
            assertEquals("1", fast.headers().get("X-Fpmjms-Echo"), e.getKey() + " takes the fast path");
            try {
                Samples.assertEchoed(b, a);
                Samples.assertEchoed(request, b);
            } catch (AssertionError ex) {
                throw new AssertionError("protocol " + protocol + ", " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
    }

    @Test
    void aPlainRequestTakesTheFastPathThatLetsTheProviderTakeEveryHeaderFromTheRequest() throws Exception {
        FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).messageId("ID:m-1").timestamp(1_700_000_000_000L)
                .correlationId("c-1").property("n", 1L).body(BodyType.BYTES, new byte[] {1, 2, 3}).build();
        PhpCli.Response fast = run(echo(), request);
        PhpCli.Response helper = PhpCli.run(echo(), WireRequestEncoder.encode(request, "orders", echo().toString(),
                Map.of("ECHO_PATH", "helper")));
        assertEquals("1", fast.headers().get("X-Fpmjms-Echo"));
        assertEquals(List.of("X-Fpmjms-Echo"), fast.headers().keySet().stream()
                .filter(name -> name.regionMatches(true, 0, "X-Fpmjms-", 0, 9)).toList(), "one head line");
        assertEquals(null, helper.headers().get("X-Fpmjms-Echo"));
        assertEquals("4", helper.headers().get("X-Fpmjms-Priority"), "the helper's path sends every header");
        Samples.assertEchoed(request, WireReplyDecoder.decodeReply(request, 200, fast.headers(), fast.body(), 0, fast.body().length, INBOUND));
    }

    @Test
    void aRequestWithATestAidTakesTheHelpersPath() throws Exception {
        FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).property("fpmjms_echo_stderr", "note")
                .body(BodyType.TEXT, "x").build();
        PhpCli.Response r = run(echo(), request);
        assertEquals(null, r.headers().get("X-Fpmjms-Echo"));
        assertTrue(r.stderr().contains("note"), r.stderr());
        Samples.assertEchoed(request, WireReplyDecoder.decodeReply(request, 200, r.headers(), r.body(), 0, r.body().length, INBOUND));
    }

    @Test
    void echoKeepsANullCorrelationIdAndMinimalHeaders() throws Exception {
        FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).body(BodyType.TEXT, "x").build();
        FpmEnvelope reply = roundTrip(echo(), request);
        Samples.assertEchoed(request, reply);
        assertEquals(INBOUND, reply.destination());
    }

    @Test
    void phpRebuildsRepliesFromItsOwnValuesExactly() throws Exception {
        for (int protocol = 1; protocol <= WireRequestEncoder.PROTOCOL_VERSION; protocol++) {
            phpRebuildsRepliesFromItsOwnValuesExactly(protocol);
        }
    }

    private static void phpRebuildsRepliesFromItsOwnValuesExactly(int protocol) throws Exception {
        Path rebuild = PhpCli.testScript("rebuild.php");
        for (Map.Entry<String, FpmEnvelope> e : Samples.bodies().entrySet()) {
            FpmEnvelope request = e.getValue();
            PhpCli.Response r = run(rebuild, request, protocol, Map.of());
            assertEquals("rebuild", r.headers().get("X-Worker"), e.getKey() + " stderr: " + r.stderr());
            FpmEnvelope reply = WireReplyDecoder.decodeReply(request, r.status(), r.headers(), r.body(), 0, r.body().length, INBOUND);
            try {
                assertEquals(request.correlationId(), reply.correlationId());
                assertEquals(request.type(), reply.type());
                assertEquals(request.priority(), reply.priority());
                assertEquals(request.persistent(), reply.persistent());
                assertEquals(request.expiration(), reply.expiration());
                assertEquals(request.replyTo(), reply.replyTo());
                assertEquals(request.bodyType(), reply.bodyType());
                Samples.assertDeepEquals(request.properties(), reply.properties(), "properties");
                Samples.assertDeepEquals(request.body(), reply.body(), "body");
            } catch (AssertionError ex) {
                throw new AssertionError(e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
    }

    @Test
    void theHelperReadsTheSameHeadersFromBothProtocols() throws Exception {
        Path script = PhpCli.testScript("request-values.php");
        Map<String, FpmEnvelope> samples = new java.util.LinkedHashMap<>(Samples.bodies());
        samples.put("elsewhere", Samples.plainHeaders().destination(DestinationRef.queue("other")).build());
        samples.put("no-timestamp", FpmEnvelope.builder(Samples.QUEUE).deliveryTime(5).build());
        for (Map.Entry<String, FpmEnvelope> e : samples.entrySet()) {
            PhpCli.Response v1 = run(script, e.getValue(), 1, Map.of());
            PhpCli.Response v2 = run(script, e.getValue(), 2, Map.of());
            assertEquals(200, v1.status(), e.getKey() + " " + v1.stderr());
            assertEquals(200, v2.status(), e.getKey() + " " + v2.stderr());
            assertEquals(new String(v1.body(), StandardCharsets.UTF_8), new String(v2.body(), StandardCharsets.UTF_8),
                    e.getKey());
        }
        String plain = new String(run(script, samples.get("plain-map"), 2, Map.of()).body(), StandardCharsets.UTF_8);
        for (String expected : List.of("'queue' => 'orders',", "'destination' => 'queue:orders',",
                "'timestamp' => 1700000000123,", "'deliveryMode' => 2,", "'priority' => 4,", "'expiration' => 0,",
                "'deliveryTime' => 1700000000123,", "'redelivered' => false,", "'deliveryCount' => 1,",
                "'bodyType' => 'MAP',")) {
            assertTrue(plain.contains(expected), expected + " in " + plain);
        }
        String elsewhere = new String(run(script, samples.get("elsewhere"), 2, Map.of()).body(), StandardCharsets.UTF_8);
        assertTrue(elsewhere.contains("'destination' => 'queue:other',"), elsewhere);
    }

    @Test
    void aProtocolTheHelperDoesNotKnowIsAnError() throws Exception {
        WireRequest v2 = WireRequestEncoder.encode(Samples.plainHeaders().build(), "orders", echo().toString(),
                Map.of("ECHO_PATH", "helper"));
        Map<String, String> params = new java.util.LinkedHashMap<>(v2.params());
        params.put("FPMJMS_PROTOCOL", "3");
        PhpCli.Response r = PhpCli.run(echo(), new WireRequest(params, v2.body()));
        assertEquals(500, r.status(), r.stderr());
        assertTrue(r.stderr().contains("FPMJMS_PROTOCOL is '3'"), r.stderr());
    }

    @Test
    void valuesComputedInPhpArriveExactly() throws Exception {
        FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).messageId("ID:m").deliveryCount(2).redelivered(true)
                .replyTo(DestinationRef.temporaryQueue("tmp 1")).build();
        PhpCli.Response r = run(PhpCli.testScript("php-values.php"), request);
        assertEquals(201, r.status(), r.stderr());
        FpmEnvelope reply = WireReplyDecoder.decodeReply(request, r.status(), r.headers(), r.body(), 0, r.body().length, INBOUND);
        assertEquals(request.replyTo(), reply.destination());
        assertEquals("ID:m", reply.correlationId());
        assertEquals("t \u2713", reply.type());
        assertEquals(2, reply.priority());
        assertEquals(true, reply.persistent());
        assertEquals(Long.MAX_VALUE, reply.expiration());
        assertEquals(DestinationRef.queue("back to:me"), reply.replyTo());
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        props.put("long", Long.MIN_VALUE);
        props.put("double", 1.0 / 3);
        props.put("bool", false);
        props.put("str", "line\nnext \uD83D\uDE00");
        props.put("int", -5);
        props.put("float", 16777216f);
        props.put("queue", "orders");
        props.put("count", 2L);
        props.put("redelivered", true);
        props.put("replyTo", "temporary-queue:tmp%201");
        Samples.assertDeepEquals(props, reply.properties(), "properties");
        Samples.assertDeepEquals(java.util.Arrays.asList(1L, 0.1 + 0.2, true, "é", "\uFFFD", null, 'é', new byte[] {0, -1},
                1.1f, -0.0f, Float.POSITIVE_INFINITY, Double.NaN), reply.body(), "stream");
    }

    @Test
    void longPropertiesSplitIntoPartsArriveWhole() throws Exception {
        FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE)
                .type("t".repeat(70_000))
                .property("big", "\uD83D\uDE00é".repeat(30_000))
                .body(BodyType.TEXT, "x").build();
        Samples.assertEchoed(request, roundTrip(echo(), request));
    }

    @Test
    void statusSwitchSetsTheStatus() throws Exception {
        for (int status : List.of(204, 404, 422, 500, 503)) {
            FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).property("fpmjms_echo_status", status).body(BodyType.TEXT, "x").build();
            PhpCli.Response r = run(echo(), request);
            assertEquals(status, r.status());
            assertEquals("x", new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void stderrSwitchWritesToStderr() throws Exception {
        FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).property("fpmjms_echo_stderr", "trouble ✓ ahead").build();
        PhpCli.Response r = run(echo(), request);
        assertEquals(200, r.status());
        assertTrue(r.stderr().contains("trouble ✓ ahead"), r.stderr());
    }

    @Test
    void fatalSwitchDiesWithStatus500() throws Exception {
        FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).property("fpmjms_echo_fatal", true).body(BodyType.TEXT, "x").build();
        PhpCli.Response r = run(echo(), request);
        assertEquals(500, r.status());
        assertEquals(0, r.body().length);
        assertTrue(r.stderr().contains("Fatal error"), r.stderr());
    }

    @Test
    void sleepSwitchDelaysTheReply() throws Exception {
        FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).property("fpmjms_echo_sleep_ms", 300).build();
        long start = System.nanoTime();
        PhpCli.Response r = run(echo(), request);
        assertEquals(200, r.status());
        assertTrue(System.nanoTime() - start >= 300_000_000L, "took less than the 300 ms asked for");
    }

    @Test
    void garbageSwitchBreaksTheContractInEachWay() throws Exception {
        Map<String, String> expected = Map.of(
                "body", "reply body (MAP)",
                "properties", "X-Fpmjms-Properties: invalid JSON",
                "property-name", "'JMSFoo'",
                "body-type", "unknown body type 'PARCEL'");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            FpmEnvelope request = FpmEnvelope.builder(Samples.QUEUE).property("fpmjms_echo_garbage", e.getKey()).build();
            PhpCli.Response r = run(echo(), request);
            WireFormatException ex = assertThrows(WireFormatException.class, () -> WireReplyDecoder.decodeReply(
                    request, r.status(), r.headers(), r.body(), 0, r.body().length, INBOUND), e.getKey());
            assertTrue(ex.getMessage().contains(e.getValue()), e.getKey() + " -> " + ex.getMessage());
        }
    }
}
