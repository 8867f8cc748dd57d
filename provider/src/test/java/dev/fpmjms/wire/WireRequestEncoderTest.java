package dev.fpmjms.wire;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireRequestEncoderTest {

    private static final String SCRIPT = "/srv/workers/echo.php";

    private static WireRequest encode(FpmEnvelope e) {
        return WireRequestEncoder.encode(e, "orders", SCRIPT, Map.of());
    }

    private static Map<String, String> v1(FpmEnvelope e) {
        return WireRequestEncoder.forRoute("orders", SCRIPT, Map.of(), 1).encode(e).params();
    }

    @Test
    void protocol2SendsTheCgiParamsPhpUsesFirstInOrder() {
        WireRequest r = WireRequestEncoder.encode(FpmEnvelope.builder(DestinationRef.queue("my queue/ü"))
                        .deliveryCount(1).body(BodyType.TEXT, "hi").build(), "my queue/ü", SCRIPT, Map.of());
        assertEquals(List.of("REQUEST_METHOD", "SCRIPT_FILENAME", "CONTENT_TYPE", "CONTENT_LENGTH",
                "FPMJMS_PROTOCOL", "FPMJMS_QUEUE"), new ArrayList<>(r.params().keySet()),
                "a message with every header at its default (timestamps off) sends nothing else");
        Map<String, String> p = r.params();
        assertEquals("POST", p.get("REQUEST_METHOD"));
        assertEquals(SCRIPT, p.get("SCRIPT_FILENAME"));
        assertEquals("my%20queue/%C3%BC", p.get("FPMJMS_QUEUE"));
        assertEquals("text/plain; charset=utf-8", p.get("CONTENT_TYPE"));
        assertEquals("2", p.get("CONTENT_LENGTH"));
        assertEquals("2", p.get("FPMJMS_PROTOCOL"));
        assertThrows(UnsupportedOperationException.class, () -> r.params().put("X", "y"));
    }

    @Test
    void protocol1SendsEveryCgiParamAndEveryHeader() {
        WireRequest r = WireRequestEncoder.forRoute("my queue/ü", SCRIPT, Map.of(), 1)
                .encode(FpmEnvelope.builder(Samples.QUEUE).body(BodyType.TEXT, "hi").build());
        assertEquals(List.of("GATEWAY_INTERFACE", "SERVER_PROTOCOL", "SERVER_SOFTWARE", "REQUEST_METHOD",
                "SCRIPT_FILENAME", "SCRIPT_NAME", "REQUEST_URI", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH",
                "FPMJMS_PROTOCOL", "FPMJMS_QUEUE", "FPMJMS_DESTINATION", "FPMJMS_TIMESTAMP", "FPMJMS_DELIVERY_MODE",
                "FPMJMS_PRIORITY", "FPMJMS_EXPIRATION", "FPMJMS_DELIVERY_TIME", "FPMJMS_REDELIVERED",
                "FPMJMS_DELIVERY_COUNT", "FPMJMS_BODY_TYPE"), new ArrayList<>(r.params().keySet()));
        Map<String, String> p = r.params();
        assertEquals("CGI/1.1", p.get("GATEWAY_INTERFACE"));
        assertEquals("/echo.php", p.get("SCRIPT_NAME"));
        assertEquals("/queue/my%20queue%2F%C3%BC", p.get("REQUEST_URI"));
        assertEquals("1", p.get("FPMJMS_PROTOCOL"));
        assertEquals("queue:orders", p.get("FPMJMS_DESTINATION"));
        assertEquals("2", p.get("FPMJMS_DELIVERY_MODE"));
        assertEquals("4", p.get("FPMJMS_PRIORITY"));
        assertEquals("0", p.get("FPMJMS_REDELIVERED"));
        assertEquals("TEXT", p.get("FPMJMS_BODY_TYPE"));
    }

    @Test
    void headersAreSentInDocumentedFormsInBothProtocols() {
        FpmEnvelope full = Samples.fullHeaders().body(BodyType.NONE, null).build();
        for (Map<String, String> p : List.of(encode(full).params(), v1(full))) {
            assertEquals("ID:fpm-1234-5678", p.get("FPMJMS_MESSAGE_ID"));
            assertEquals("1700000000123", p.get("FPMJMS_TIMESTAMP"));
            assertEquals("corr%20%C3%A9%00%ED%A0%80%20%2520", p.get("FPMJMS_CORRELATION_ID"));
            assertEquals("temporary-queue:fpm-temp:queue/1%20x", p.get("FPMJMS_REPLY_TO"));
            assertEquals("order.created%20%E2%9C%93", p.get("FPMJMS_TYPE"));
            assertEquals("1", p.get("FPMJMS_DELIVERY_MODE"));
            assertEquals("9", p.get("FPMJMS_PRIORITY"));
            assertEquals("1700000060000", p.get("FPMJMS_EXPIRATION"));
            assertEquals("1700000000500", p.get("FPMJMS_DELIVERY_TIME"));
            assertEquals("1", p.get("FPMJMS_REDELIVERED"));
            assertEquals("3", p.get("FPMJMS_DELIVERY_COUNT"));
            assertNull(p.get("CONTENT_TYPE"));
            assertEquals("0", p.get("CONTENT_LENGTH"));
        }
        assertEquals("NONE", v1(full).get("FPMJMS_BODY_TYPE"));
        assertFalse(encode(full).params().containsKey("FPMJMS_BODY_TYPE"), "protocol 2: CONTENT_TYPE tells");
    }

    @Test
    void protocol2LeavesOutEveryHeaderAtItsDefaultAndSendsEveryOther() {
        FpmEnvelope plain = Samples.plainHeaders().body(BodyType.BYTES, new byte[] {1}).build();
        Map<String, String> p = encode(plain).params();
        assertEquals(List.of("FPMJMS_PROTOCOL", "FPMJMS_QUEUE", "FPMJMS_MESSAGE_ID", "FPMJMS_TIMESTAMP",
                "FPMJMS_PROPERTIES"), p.keySet().stream().filter(n -> n.startsWith("FPMJMS_")).toList());
        Map<String, String> one = v1(plain);
        assertEquals(p.size() + 14, one.size(), "protocol 1: 6 CGI params and 8 headers more: " + one.keySet());

        // Each header away from its default is sent, and only that one.
        Map<String, FpmEnvelope> changed = new LinkedHashMap<>();
        changed.put("FPMJMS_DESTINATION", Samples.plainHeaders().destination(DestinationRef.queue("other")).build());
        changed.put("FPMJMS_DELIVERY_MODE", Samples.plainHeaders().persistent(false).build());
        changed.put("FPMJMS_PRIORITY", Samples.plainHeaders().priority(0).build());
        changed.put("FPMJMS_EXPIRATION", Samples.plainHeaders().expiration(1).build());
        changed.put("FPMJMS_DELIVERY_TIME", Samples.plainHeaders().deliveryTime(1_700_000_000_124L).build());
        changed.put("FPMJMS_REDELIVERED", Samples.plainHeaders().redelivered(true).build());
        changed.put("FPMJMS_DELIVERY_COUNT", Samples.plainHeaders().deliveryCount(2).build());
        Map<String, String> expected = Map.of("FPMJMS_DESTINATION", "queue:other", "FPMJMS_DELIVERY_MODE", "1",
                "FPMJMS_PRIORITY", "0", "FPMJMS_EXPIRATION", "1", "FPMJMS_DELIVERY_TIME", "1700000000124",
                "FPMJMS_REDELIVERED", "1", "FPMJMS_DELIVERY_COUNT", "2");
        for (Map.Entry<String, FpmEnvelope> e : changed.entrySet()) {
            Map<String, String> q = encode(e.getValue()).params();
            assertEquals(expected.get(e.getKey()), q.get(e.getKey()), e.getKey());
            assertEquals(Samples.plainHeaders().build().properties().size() + 5, q.keySet().stream()
                    .filter(n -> n.startsWith("FPMJMS_")).count(), e.getKey() + " alone is added: " + q.keySet());
        }
        FpmEnvelope noTimestamp = FpmEnvelope.builder(Samples.QUEUE).deliveryTime(5).build();
        assertNull(encode(noTimestamp).params().get("FPMJMS_TIMESTAMP"), "0: timestamps disabled");
        assertEquals("5", encode(noTimestamp).params().get("FPMJMS_DELIVERY_TIME"));
    }

    @Test
    void onlyKnownProtocolVersionsCanBeChosen() {
        for (int bad : List.of(0, 3, -1)) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> WireRequestEncoder.forRoute("orders", SCRIPT, Map.of(), bad));
            assertTrue(ex.getMessage().contains("wire protocol " + bad), ex.getMessage());
        }
        assertEquals(1, WireRequestEncoder.forRoute("orders", SCRIPT, Map.of(), 1).protocol());
    }

    @Test
    void absentHeadersAreAbsentParams() {
        FpmEnvelope e = FpmEnvelope.builder(Samples.QUEUE).build();
        for (Map<String, String> p : List.of(encode(e).params(), v1(e))) {
            for (String name : List.of("FPMJMS_MESSAGE_ID", "FPMJMS_CORRELATION_ID", "FPMJMS_TYPE", "FPMJMS_REPLY_TO",
                    "FPMJMS_PROPERTIES", "FPMJMS_BODY_NULL")) {
                assertFalse(p.containsKey(name), name);
            }
        }
    }

    @Test
    void namesAreSafeAndValuesHaveNoNulAndStringHeadersArePrintableAscii() {
        for (FpmEnvelope e : Samples.bodies().values()) {
            for (Map.Entry<String, String> p : encode(e).params().entrySet()) {
                assertTrue(p.getKey().matches("[A-Z0-9_]+"), p.getKey());
                assertEquals(-1, p.getValue().indexOf('\0'), p.getKey());
                if (p.getKey().startsWith("FPMJMS_") && !p.getKey().startsWith("FPMJMS_PROPERTIES")) {
                    assertTrue(p.getValue().matches("[\\x21-\\x7E]*"), p.getKey() + "=" + p.getValue());
                }
            }
        }
    }

    @Test
    void propertiesAreTypedJsonWithExactText() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("i", 5);
        props.put("l", Long.MIN_VALUE);
        props.put("b", (byte) -1);
        props.put("s", (short) 2);
        props.put("t", true);
        props.put("f", -0.0f);
        props.put("n", Float.NaN);
        props.put("d", Double.NEGATIVE_INFINITY);
        props.put("e", 1.0E-7);
        props.put("str", "é\u0000\"\\\n");
        props.put("lone", "a\uD800");
        props.put("$名", "");
        String json = encode(FpmEnvelope.builder(Samples.QUEUE).properties(props).build()).params().get("FPMJMS_PROPERTIES");
        assertEquals("{\"i\":[\"int\",\"5\"],\"l\":[\"long\",\"-9223372036854775808\"],\"b\":[\"byte\",\"-1\"],"
                + "\"s\":[\"short\",\"2\"],\"t\":[\"boolean\",\"true\"],\"f\":[\"float\",\"-0.0\"],"
                + "\"n\":[\"float\",\"NaN\"],\"d\":[\"double\",\"-Infinity\"],\"e\":[\"double\",\"1.0E-7\"],"
                + "\"str\":[\"string\",\"é\\u0000\\\"\\\\\\n\"],\"lone\":[\"wtf8\",\"a%ED%A0%80\"],\"$名\":[\"string\",\"\"]}", json);
    }

    @Test
    void bodiesUseTheirEncodingAndContentType() {
        Map<String, FpmEnvelope> b = Samples.bodies();
        WireRequest text = encode(b.get("text"));
        assertArrayEquals("Grüße \uD83D\uDE00 \u0000 \r\n end".getBytes(StandardCharsets.UTF_8), text.body());
        WireRequest lone = encode(b.get("text-lone-surrogate"));
        assertArrayEquals(new byte[] {'a', (byte) 0xED, (byte) 0xAF, (byte) 0xBF, 'b', (byte) 0xED, (byte) 0xB0, (byte) 0x80}, lone.body());
        WireRequest bytes = encode(b.get("bytes"));
        assertSame(b.get("bytes").body(), bytes.body(), "bytes are handed on without a copy");
        assertEquals("application/octet-stream", bytes.params().get("CONTENT_TYPE"));
        assertEquals("768", bytes.params().get("CONTENT_LENGTH"));
        assertEquals("application/x-java-serialized-object", encode(b.get("object")).params().get("CONTENT_TYPE"));
        assertEquals("1", encode(b.get("object-null")).params().get("FPMJMS_BODY_NULL"));
        assertEquals(0, encode(b.get("object-null")).body().length);
        assertEquals("1", encode(b.get("text-null")).params().get("FPMJMS_BODY_NULL"));
        assertNull(encode(b.get("text-empty")).params().get("FPMJMS_BODY_NULL"));

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("c", 'A');
        map.put("raw", new byte[] {0, -1});
        map.put("none", null);
        WireRequest m = encode(FpmEnvelope.builder(Samples.QUEUE).body(BodyType.MAP, map).build());
        assertEquals("application/vnd.fpmjms.map+json", m.params().get("CONTENT_TYPE"));
        assertEquals("{\"c\":[\"char\",\"65\"],\"raw\":[\"bytes\",\"AP8=\"],\"none\":null}", new String(m.body(), StandardCharsets.UTF_8));
        WireRequest s = encode(FpmEnvelope.builder(Samples.QUEUE).body(BodyType.STREAM, java.util.Arrays.asList(1, null, "x")).build());
        assertEquals("application/vnd.fpmjms.stream+json", s.params().get("CONTENT_TYPE"));
        assertEquals("[[\"int\",\"1\"],null,[\"string\",\"x\"]]", new String(s.body(), StandardCharsets.UTF_8));
    }

    @Test
    void longValuesAreSplitIntoPartsThatFitOneRecord() {
        String emoji = "\uD83D\uDE00".repeat(40_000); // 160,000 UTF-8 bytes, pairs must not be split
        String type = "t".repeat(70_000);
        FpmEnvelope e = FpmEnvelope.builder(Samples.QUEUE).type(type).property("big", emoji).property("small", 1).build();
        Map<String, String> p = encode(e).params();
        assertFalse(p.containsKey("FPMJMS_PROPERTIES"));
        int parts = Integer.parseInt(p.get("FPMJMS_PROPERTIES_PARTS"));
        assertEquals(3, parts);
        for (int i = 1; i <= parts; i++) {
            String part = p.get("FPMJMS_PROPERTIES_" + i);
            assertTrue(part.getBytes(StandardCharsets.UTF_8).length <= WireRequestEncoder.MAX_PARAM_VALUE_BYTES);
            assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), "part " + i + " ends inside a pair");
        }
        assertEquals(TypedJson.encodeProperties(e.properties()), JavaEcho.joined(p, "FPMJMS_PROPERTIES"));
        assertEquals("2", p.get("FPMJMS_TYPE_PARTS"));
        assertEquals(type, JavaEcho.joined(p, "FPMJMS_TYPE"));
    }

    @Test
    void routeParamsOverrideInformationalParamsButNotReservedOnes() {
        FpmEnvelope e = FpmEnvelope.builder(Samples.QUEUE).build();
        Map<String, String> route = new LinkedHashMap<>();
        route.put("SCRIPT_NAME", "/app.php");
        route.put("REQUEST_URI", "/jobs");
        route.put("APP_ENV", "prod");
        Map<String, String> p = WireRequestEncoder.encode(e, "orders", SCRIPT, route).params();
        assertEquals("/app.php", p.get("SCRIPT_NAME"), "protocol 2: a route param adds an informational param back");
        assertEquals("/jobs", p.get("REQUEST_URI"));
        assertEquals("prod", p.get("APP_ENV"));
        Map<String, String> v1 = WireRequestEncoder.forRoute("orders", SCRIPT, route, 1).encode(e).params();
        assertEquals("/app.php", v1.get("SCRIPT_NAME"), "protocol 1: a route param overrides the informational param");
        assertEquals("/jobs", v1.get("REQUEST_URI"));
        for (String bad : List.of("FPMJMS_QUEUE", "FPMJMS_ANYTHING", "CONTENT_LENGTH", "CONTENT_TYPE",
                "SCRIPT_FILENAME", "REQUEST_METHOD", "a.b", "A B", "x[1]", "")) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> WireRequestEncoder.encode(e, "orders", SCRIPT, Map.of(bad, "v")), bad);
            assertTrue(ex.getMessage().contains("'" + bad + "'"), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> WireRequestEncoder.encode(e, "orders", SCRIPT, Map.of("X", "a\0b")));
    }

    @Test
    void valuesJmsDoesNotAllowAreRejected() {
        FpmEnvelope e = FpmEnvelope.builder(Samples.QUEUE).property("c", 'x').build();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> encode(e));
        assertTrue(ex.getMessage().contains("'c'"), ex.getMessage());
        FpmEnvelope m = FpmEnvelope.builder(Samples.QUEUE).body(BodyType.MAP, Map.of("o", new Object())).build();
        assertThrows(IllegalArgumentException.class, () -> encode(m));
        FpmEnvelope lone = FpmEnvelope.builder(Samples.QUEUE).body(BodyType.MAP, Map.of("x\uD800", "v")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> encode(lone)).getMessage().contains("unpaired surrogate"),
                "a map name UTF-8 cannot carry is refused, not sent as \"x?\"");
    }

    @Test
    void destinationsFormatAndParseBackForEveryKind() throws WireFormatException {
        for (DestinationRef d : List.of(DestinationRef.queue("orders"), DestinationRef.queue("a:b c%d/é\u0000"),
                DestinationRef.temporaryQueue("ID:temp-1:2"), new DestinationRef(DestinationRef.Kind.TOPIC, "news"))) {
            String wire = WireReplyDecoder.formatDestination(d);
            assertTrue(wire.matches("[\\x21-\\x7E]+"), wire);
            assertEquals(d, WireReplyDecoder.parseDestination(wire));
        }
        assertEquals("temporary-queue:ID:temp-1:2", WireReplyDecoder.formatDestination(DestinationRef.temporaryQueue("ID:temp-1:2")));
        assertEquals(DestinationRef.queue("x y"), WireReplyDecoder.parseDestination("queue:x%20y"));
        for (String bad : List.of("orders", "queues:x", "queue:", "queue:%20", ":x", "queue:%G1")) {
            assertThrows(WireFormatException.class, () -> WireReplyDecoder.parseDestination(bad), bad);
        }
    }
}
