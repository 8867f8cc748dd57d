package dev.fpmjms.wire;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireReplyDecoderTest {

    private static final DestinationRef INBOUND = DestinationRef.queue("orders.replies");
    private static final FpmEnvelope REQUEST = FpmEnvelope.builder(Samples.QUEUE)
            .messageId("ID:req-1").priority(7).persistent(false).expiration(99).build();

    private static FpmEnvelope decode(FpmEnvelope request, int status, Map<String, String> headers, byte[] body)
            throws WireFormatException {
        byte[] buffer = new byte[body.length + 7];
        System.arraycopy(body, 0, buffer, 3, body.length);
        return WireReplyDecoder.decodeReply(request, status, headers, buffer, 3, body.length, INBOUND);
    }

    private static FpmEnvelope decode(Map<String, String> headers, String body) throws WireFormatException {
        return decode(REQUEST, 200, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(String... nameValue) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValue.length; i += 2) {
            h.put(nameValue[i], nameValue[i + 1]);
        }
        return h;
    }

    private static String rejected(Map<String, String> headers, String body) {
        return assertThrows(WireFormatException.class, () -> decode(headers, body)).getMessage();
    }

    @Test
    void decodingInvertsEncodingForEveryBodyAndPropertyType() throws WireFormatException {
        for (int protocol = 1; protocol <= WireRequestEncoder.PROTOCOL_VERSION; protocol++) {
            WireRequestEncoder encoder = WireRequestEncoder.forRoute("orders", "/w/echo.php", Map.of(), protocol);
            for (Map.Entry<String, FpmEnvelope> e : Samples.bodies().entrySet()) {
                WireRequest wire = encoder.encode(e.getValue());
                FpmEnvelope reply = decode(e.getValue(), 200, JavaEcho.headers(wire), wire.body());
                try {
                    Samples.assertEchoed(e.getValue(), reply);
                } catch (AssertionError ex) {
                    throw new AssertionError("protocol " + protocol + ", " + e.getKey() + ": " + ex.getMessage(), ex);
                }
                assertEquals(e.getValue().replyTo() == null ? INBOUND : e.getValue().replyTo(), reply.destination(),
                        "reply goes to the request's JMSReplyTo, else the inbound side");
            }
        }
    }

    @Test
    void workerChosenDestinationOverridesReplyToAndTheDefault() throws WireFormatException {
        FpmEnvelope withReplyTo = REQUEST.toBuilder().replyTo(DestinationRef.temporaryQueue("TMP.1")).build();
        FpmEnvelope reply = decode(withReplyTo, 200,
                headers("X-Fpmjms-Destination", "queue:orders", "X-Fpmjms-Reply-To", "temporary-queue:TMP.1"),
                "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(DestinationRef.queue("orders"), reply.destination());
        assertEquals(DestinationRef.temporaryQueue("TMP.1"), reply.replyTo(), "the JMSReplyTo header is kept as sent");
        assertTrue(rejected(headers("X-Fpmjms-Destination", "topic:news"), "x").contains("topics are not supported"));
        assertTrue(rejected(headers("X-Fpmjms-Destination", "bucket:x"), "x").contains("X-Fpmjms-Destination"));
    }

    /** docs/wire-contract.md, "Replies are never published to a topic": a topic JMSReplyTo is named. */
    @Test
    void aReplyToATopicJmsReplyToIsRejectedNamingIt() {
        FpmEnvelope toTopic = REQUEST.toBuilder().replyTo(DestinationRef.topic("order.done")).build();
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> decode(toTopic, 200, headers(), "x".getBytes(StandardCharsets.UTF_8)));
        assertEquals("the request's JMSReplyTo is a topic (topic:order.done): replies are never published to a topic",
                e.getMessage());
    }

    @Test
    void plainTextWithoutHeadIsTextWithDefaults() throws WireFormatException {
        FpmEnvelope reply = decode(Map.of(), "hello ✓");
        assertEquals(BodyType.TEXT, reply.bodyType());
        assertEquals("hello ✓", reply.body());
        assertEquals("ID:req-1", reply.correlationId(), "correlation id defaults to the request's message id");
        assertEquals(INBOUND, reply.destination(), "no JMSReplyTo: the default destination");
        assertEquals(7, reply.priority());
        assertEquals(false, reply.persistent());
        assertEquals(0, reply.expiration(), "a reply does not inherit the request's expiration");
        assertNull(reply.messageId());
        assertNull(reply.type());
        assertNull(reply.replyTo());
        assertTrue(reply.properties().isEmpty());
    }

    @Test
    void emptyBodyWithoutDeclaredTypeIsNone() throws WireFormatException {
        assertEquals(BodyType.NONE, decode(headers("Content-type", "text/html; charset=UTF-8"), "").bodyType());
        assertEquals(BodyType.NONE, decode(REQUEST, 204, Map.of(), new byte[0]).bodyType());
        FpmEnvelope emptyText = decode(headers("X-Fpmjms-Body-Type", "TEXT"), "");
        assertEquals(BodyType.TEXT, emptyText.bodyType());
        assertEquals("", emptyText.body());
    }

    @Test
    void contentTypeGivesTheBodyTypeWhenNoneIsDeclared() throws WireFormatException {
        assertEquals(BodyType.TEXT, decode(headers("Content-Type", "text/html; charset=UTF-8"), "<p>").bodyType());
        assertEquals(BodyType.TEXT, decode(headers("Content-Type", "application/json"), "{}").bodyType());
        assertEquals(BodyType.TEXT, decode(headers("Content-Type", "application/problem+json"), "{}").bodyType());
        assertEquals(BodyType.BYTES, decode(headers("Content-Type", "image/png"), "PNG").bodyType());
        assertEquals(BodyType.BYTES, decode(headers("Content-Type", "Application/Octet-Stream"), "x").bodyType());
        assertEquals(BodyType.OBJECT, decode(headers("Content-Type", "application/x-java-serialized-object"), "x").bodyType());
        FpmEnvelope map = decode(headers("Content-Type", "application/vnd.fpmjms.map+json"), "{\"a\":[\"int\",\"1\"]}");
        assertEquals(Map.of("a", 1), map.body());
        FpmEnvelope stream = decode(headers("Content-Type", "application/vnd.fpmjms.stream+json"), "[[\"char\",\"66\"],null]");
        assertEquals(java.util.Arrays.asList('B', null), stream.body());
    }

    @Test
    void textCharsetIsHonoured() throws WireFormatException {
        FpmEnvelope r = decode(REQUEST, 200, headers("Content-Type", "text/plain; charset=\"ISO-8859-1\""), new byte[] {(byte) 0xE9});
        assertEquals("é", r.body());
        assertTrue(rejected(headers("Content-Type", "text/plain; charset=klingon-9"), "x").contains("klingon-9"));
    }

    @Test
    void bytesAreCopiedOutOfTheCallersBuffer() throws WireFormatException {
        byte[] buffer = {9, 1, 2, 3, 9};
        FpmEnvelope r = WireReplyDecoder.decodeReply(REQUEST, 200, headers("X-Fpmjms-Body-Type", "BYTES"), buffer, 1, 3, INBOUND);
        buffer[2] = 42;
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) r.body());
    }

    @Test
    void workerHeadersSetTheReplyHeaders() throws WireFormatException {
        Map<String, String> h = new HashMap<>();
        h.put("x-fpmjms-correlation-id", " abc%20d%C3%A9 ");
        h.put("X-FPMJMS-TYPE", "t%0A");
        h.put("x-fpmjms-priority", "0");
        h.put("x-fpmjms-delivery-mode", "PERSISTENT");
        h.put("x-fpmjms-expiration", "123");
        h.put("x-fpmjms-reply-to", "temporary-queue:tmp%201");
        h.put("x-fpmjms-properties", "{\"n\":[\"short\",\"-5\"]}");
        FpmEnvelope r = decode(h, "");
        assertEquals("abc dé", r.correlationId(), "names are case-insensitive even in a plain map; values trimmed");
        assertEquals("t\n", r.type());
        assertEquals(0, r.priority());
        assertEquals(true, r.persistent());
        assertEquals(123, r.expiration());
        assertEquals(DestinationRef.temporaryQueue("tmp 1"), r.replyTo());
        assertEquals(Map.of("n", (short) -5), r.properties());
        assertNull(decode(headers("X-Fpmjms-No-Correlation-Id", "1"), "").correlationId());
        assertEquals(false, decode(headers("X-Fpmjms-Delivery-Mode", "1"), "").persistent());
    }

    @Test
    void badPropertiesAreRejectedNamingTheProblem() {
        String[][] cases = {
                {"{\"a\":[\"int\",", "invalid JSON"},
                {"[]", "expected a JSON object"},
                {"{\"a\":[\"int\",5]}", "two strings"},
                {"{\"a\":[\"int\"]}", "typed value"},
                {"{\"a\":\"5\"}", "typed value"},
                {"{\"a\":null}", "cannot be null"},
                {"{\"a\":[\"int\",\"2147483648\"]}", "-2147483648..2147483647"},
                {"{\"a\":[\"byte\",\"128\"]}", "-128..127"},
                {"{\"a\":[\"long\",\"9223372036854775808\"]}", "long value"},
                {"{\"a\":[\"long\",\"99999999999999999999999999\"]}", "long value"},
                {"{\"a\":[\"int\",\"+5\"]}", "'+5'"},
                {"{\"a\":[\"int\",\" 5\"]}", "' 5'"},
                {"{\"a\":[\"int\",\"\"]}", "int value"},
                {"{\"a\":[\"double\",\"0x1p3\"]}", "'0x1p3'"},
                {"{\"a\":[\"double\",\"1d\"]}", "'1d'"},
                {"{\"a\":[\"float\",\"inf\"]}", "'inf'"},
                {"{\"a\":[\"boolean\",\"TRUE\"]}", "'TRUE'"},
                {"{\"a\":[\"decimal\",\"1\"]}", "unknown type 'decimal'"},
                {"{\"a\":[\"char\",\"65\"]}", "not a JMS property type"},
                {"{\"a\":[\"bytes\",\"AA==\"]}", "not a JMS property type"},
                {"{\"a\":[\"wtf8\",\"%E\"]}", "bad percent escape"},
                {"{\"a\":[\"int\",\"1\"],\"a\":[\"int\",\"2\"]}", "duplicate key 'a'"},
                {"{\"JMSFoo\":[\"int\",\"1\"]}", "'JMSFoo'"},
                {"{\"JMS_FPM_STATUS\":[\"int\",\"1\"]}", "'JMS_FPM_STATUS'"},
                {"{\"JMSXDeliveryCount\":[\"int\",\"1\"]}", "'JMSXDeliveryCount'"},
                {"{\"NULL\":[\"int\",\"1\"]}", "reserved word"},
                {"{\"and\":[\"int\",\"1\"]}", "reserved word"},
                {"{\"Escape\":[\"int\",\"1\"]}", "reserved word"},
                {"{\"1abc\":[\"int\",\"1\"]}", "'1abc'"},
                {"{\"a-b\":[\"int\",\"1\"]}", "'a-b'"},
                {"{\"a b\":[\"int\",\"1\"]}", "'a b'"},
                {"{\"\":[\"int\",\"1\"]}", "empty string"},
                {"{\"\\ud800\":[\"int\",\"1\"]}", "Java identifier"},
                {"{\"a\":[\"int\",\"1\"]} x", "unexpected text"},
                {"{\"a\":[\"string\",\"\u0001\"]}", "control character"},
                {"[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]", "nested deeper"},
        };
        for (String[] c : cases) {
            String message = rejected(headers("X-Fpmjms-Properties", c[0]), "");
            assertTrue(message.startsWith("X-Fpmjms-Properties"), message);
            assertTrue(message.contains(c[1]), c[0] + " -> " + message);
        }
    }

    @Test
    void allowedSpecialNamesPass() throws WireFormatException {
        FpmEnvelope r = decode(headers("X-Fpmjms-Properties",
                "{\"JMSXGroupID\":[\"string\",\"g\"],\"JMSXGroupSeq\":[\"int\",\"1\"],\"$a\":[\"int\",\"1\"],"
                        + "\"_\":[\"int\",\"2\"],\"\\u00e9t\\u00e9\":[\"int\",\"3\"],\"nullable\":[\"int\",\"4\"]}"), "");
        assertEquals(List.of("JMSXGroupID", "JMSXGroupSeq", "$a", "_", "été", "nullable"), List.copyOf(r.properties().keySet()));
    }

    @Test
    void badBodiesAreRejectedNamingTheProblem() {
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "MAP"), "{\"a\":").contains("reply body (MAP)"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "MAP"), "[]").contains("expected a JSON object"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "MAP"), "{\"\":[\"int\",\"1\"]}").contains("empty name"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "MAP"), "{\"b\":[\"bytes\",\"!!\"]}").contains("base64"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "MAP"), "{\"c\":[\"char\",\"65536\"]}").contains("0..65535"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "STREAM"), "{}").contains("expected a JSON array"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "STREAM"), "[[\"int\",\"x\"]]").contains("element 0"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "PARCEL"), "x").contains("unknown body type 'PARCEL'"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "NONE"), "x").contains("body has 1 bytes"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "BYTES", "X-Fpmjms-Body-Null", "1"), "").contains("only TEXT and OBJECT"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "TEXT", "X-Fpmjms-Body-Null", "1"), "x").contains("must be empty"));
        assertTrue(rejected(headers("X-Fpmjms-Body-Type", "TEXT", "X-Fpmjms-Body-Null", "yes"), "").contains("not 1 or 0"));
    }

    @Test
    void badHeadersAreRejectedNamingTheHeader() {
        String[][] cases = {
                {"X-Fpmjms-Protocol", "3", "unsupported protocol version '3'"},
                {"X-Fpmjms-Priority", "10", "0..9"},
                {"X-Fpmjms-Priority", "9".repeat(10_000), "chars)"},
                {"X-Fpmjms-Priority", "high", "'high'"},
                {"X-Fpmjms-Delivery-Mode", "3", "'3' is not a delivery mode"},
                {"X-Fpmjms-Expiration", "-1", "'-1'"},
                {"X-Fpmjms-Timestamp", "soon", "'soon'"},
                {"X-Fpmjms-Correlation-Id", "50%", "bad percent escape"},
                {"X-Fpmjms-Reply-To", "orders", "not a destination"},
                {"X-Fpmjms-Reply-To", "queue:", "blank destination name"},
                {"X-Fpmjms-Message-Id", "42", "does not start with 'ID:'"},
                {"X-Fpmjms-No-Correlation-Id", "true", "not 1 or 0"},
        };
        for (String[] c : cases) {
            String message = rejected(headers(c[0], c[1]), "");
            assertTrue(message.startsWith(c[0]), message);
            assertTrue(message.contains(c[2]), c[1] + " -> " + message);
            assertTrue(message.length() < 400, "error messages stay short: " + message.length());
        }
        assertThrows(WireFormatException.class, () -> decode(REQUEST, 42, Map.of(), new byte[0]));
    }

    @Test
    void hugeValuesDecode() throws WireFormatException {
        String big = "ü".repeat(1_000_000);
        String json = "{\"big\":[\"string\",\"" + big + "\"],\"esc\":[\"string\",\"" + "\\u00fc".repeat(100_000) + "\"]}";
        FpmEnvelope r = decode(headers("X-Fpmjms-Properties", json), "");
        assertEquals(big, r.properties().get("big"));
        assertEquals("ü".repeat(100_000), r.properties().get("esc"));
    }

    @Test
    void providerPropertiesAreAddedAndStderrIsBounded() throws WireFormatException {
        FpmEnvelope reply = decode(Map.of(), "x");
        FpmEnvelope withProps = WireReplyDecoder.withProviderProperties(reply, 503, "e".repeat(10_000), 3, 1234L, "orders");
        Map<String, Object> p = withProps.properties();
        assertEquals(503, p.get(ProviderProperties.JMS_FPM_STATUS));
        assertEquals(3, p.get(ProviderProperties.JMS_FPM_ATTEMPTS));
        assertEquals(1234L, p.get(ProviderProperties.JMS_FPM_WORKER_MILLIS));
        assertEquals("orders", p.get(ProviderProperties.JMS_FPM_QUEUE));
        String stderr = (String) p.get(ProviderProperties.JMS_FPM_STDERR);
        assertTrue(stderr.startsWith("e".repeat(WireReplyDecoder.MAX_STDERR_CHARS) + "\n[fpm-jms: stderr cut, 1808 more chars]"), stderr.substring(8000));
        assertEquals("short", WireReplyDecoder.withProviderProperties(reply, 200, "short", 1, 1, "q").properties().get(ProviderProperties.JMS_FPM_STDERR));
        assertNull(WireReplyDecoder.withProviderProperties(reply, 200, "", 1, 1, "q").properties().get(ProviderProperties.JMS_FPM_STDERR));
    }

    @Test
    void echoHeaderTakesEveryHeaderAndPropertyFromTheRequestAndTheBodyFromTheReply() throws WireFormatException {
        for (Map.Entry<String, FpmEnvelope> e : Samples.bodies().entrySet()) {
            FpmEnvelope request = e.getValue().nextDelivery();
            WireRequest wire = WireRequestEncoder.encode(request, "orders", "/w/echo.php", Map.of());
            FpmEnvelope reply = decode(request, 200, headers("X-Fpmjms-Echo", "1", "Content-type", "text/html"), wire.body());
            try {
                Samples.assertEchoed(request, reply);
            } catch (AssertionError ex) {
                throw new AssertionError(e.getKey() + ": " + ex.getMessage(), ex);
            }
            assertEquals(false, reply.redelivered(), "a reply is a new message");
            assertEquals(0, reply.deliveryCount());
        }
    }

    @Test
    void echoHeaderRefusesHeadersItWouldOverrideAndBodiesThatDoNotFitTheRequest() throws WireFormatException {
        String both = assertThrows(WireFormatException.class, () -> decode(headers("X-Fpmjms-Echo", "1",
                "X-Fpmjms-Type", "t"), "x")).getMessage();
        assertEquals("X-Fpmjms-Echo: 1 takes every message header from the request; X-Fpmjms-Type must not be sent"
                + " with it", both);
        FpmEnvelope nullText = FpmEnvelope.builder(Samples.QUEUE).messageId("ID:n").body(BodyType.TEXT, null).build();
        assertNull(assertDoesNotThrowDecode(nullText, new byte[0]).body(), "a null body stays null");
        String notEmpty = assertThrows(WireFormatException.class,
                () -> decode(nullText, 200, headers("X-Fpmjms-Echo", "1"), new byte[] {'x'})).getMessage();
        assertTrue(notEmpty.contains("a null body must be empty"), notEmpty);
        String none = assertThrows(WireFormatException.class,
                () -> decode(REQUEST, 200, headers("X-Fpmjms-Echo", "1"), new byte[] {'x'})).getMessage();
        assertTrue(none.contains("body type NONE but the body has 1 bytes"), none);
        FpmEnvelope map = FpmEnvelope.builder(Samples.QUEUE).messageId("ID:m").body(BodyType.MAP, Map.of()).build();
        String badMap = assertThrows(WireFormatException.class,
                () -> decode(map, 200, headers("X-Fpmjms-Echo", "1"), "{\"a\":".getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(badMap.contains("reply body (MAP)"), badMap);
        String flag = assertThrows(WireFormatException.class, () -> decode(headers("X-Fpmjms-Echo", "yes"), "")).getMessage();
        assertTrue(flag.contains("X-Fpmjms-Echo"), flag);
    }

    private static FpmEnvelope assertDoesNotThrowDecode(FpmEnvelope request, byte[] body) throws WireFormatException {
        return decode(request, 200, headers("X-Fpmjms-Echo", "1"), body);
    }
}
