package dev.fpmjms.wire;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edge-value messages shared by the wire tests, and a deep comparison that handles byte[]. */
final class Samples {

    static final DestinationRef QUEUE = DestinationRef.queue("orders");

    private Samples() {
    }

    /** Every JMS property type at its edges, with awkward names. */
    static Map<String, Object> edgeProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("boolTrue", true);
        p.put("boolFalse", false);
        p.put("byteMin", Byte.MIN_VALUE);
        p.put("byteMax", Byte.MAX_VALUE);
        p.put("shortMin", Short.MIN_VALUE);
        p.put("shortMax", Short.MAX_VALUE);
        p.put("intMin", Integer.MIN_VALUE);
        p.put("intMax", Integer.MAX_VALUE);
        p.put("longMin", Long.MIN_VALUE);
        p.put("longMax", Long.MAX_VALUE);
        p.put("floatNaN", Float.NaN);
        p.put("floatInf", Float.POSITIVE_INFINITY);
        p.put("floatNegInf", Float.NEGATIVE_INFINITY);
        p.put("floatNegZero", -0.0f);
        p.put("floatMin", Float.MIN_VALUE);
        p.put("floatMax", Float.MAX_VALUE);
        p.put("floatTenth", 0.1f);
        p.put("floatBig", 1.0E10f);
        p.put("doubleNaN", Double.NaN);
        p.put("doubleInf", Double.POSITIVE_INFINITY);
        p.put("doubleNegInf", Double.NEGATIVE_INFINITY);
        p.put("doubleNegZero", -0.0d);
        p.put("doubleMin", Double.MIN_VALUE);
        p.put("doubleMax", Double.MAX_VALUE);
        p.put("doubleTenth", 0.1d);
        p.put("doubleTiny", 1.0E-7d);
        p.put("empty", "");
        p.put("unicode", "héllo wörld ✓ 名前");
        p.put("emoji", "\uD83D\uDE00 grin");
        p.put("nul", "a\u0000b");
        p.put("controls", "line\r\nbreak\ttab\u007f");
        p.put("quotes", "quote\" back\\slash / ' <>&");
        p.put("percent", "%41 %zz %");
        p.put("loneHigh", "x\uD800y");
        p.put("loneLow", "\uDC00");
        p.put("$dollar", "d");
        p.put("_under_score", 1);
        p.put("naïve", 2L);
        p.put("名前", "name");
        p.put("x$_9", (short) 3);
        p.put("JMSXGroupID", "group-1");
        p.put("JMSXGroupSeq", 7);
        return p;
    }

    /** Every map/stream value type, including char edges, byte[] and null. */
    static Map<String, Object> edgeMap() {
        Map<String, Object> m = new LinkedHashMap<>(edgeProperties());
        m.put("charA", 'A');
        m.put("charZero", '\u0000');
        m.put("charSurrogate", '\uD800');
        m.put("charMax", '\uFFFF');
        m.put("bytes", new byte[] {0, 1, -1, -128, 127});
        m.put("bytesEmpty", new byte[0]);
        m.put("nullValue", null);
        m.put("0", "numeric-looking key");
        m.put("with space.and[bracket", "odd key");
        return m;
    }

    static List<Object> edgeStream() {
        List<Object> s = new ArrayList<>(edgeMap().values());
        s.add(null);
        return s;
    }

    static byte[] allBytes() {
        byte[] b = new byte[256 * 3];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** A message with every header set. */
    static FpmEnvelope.Builder fullHeaders() {
        return FpmEnvelope.builder(QUEUE)
                .messageId("ID:fpm-1234-5678")
                .timestamp(1_700_000_000_123L)
                .correlationId("corr \u00e9\u0000\uD800 %20")
                .replyTo(DestinationRef.temporaryQueue("fpm-temp:queue/1 x"))
                .type("order.created ✓")
                .persistent(false)
                .priority(9)
                .expiration(1_700_000_060_000L)
                .deliveryTime(1_700_000_000_500L)
                .redelivered(true)
                .deliveryCount(3)
                .properties(edgeProperties());
    }

    /**
     * A message with every header at its JMS default (persistent, priority 4, no expiration, no
     * delay, first delivery, sent to the worker queue): what protocol 2 leaves out. (A new
     * envelope has delivery count 0; the dispatcher counts the delivery before encoding it.)
     */
    static FpmEnvelope.Builder plainHeaders() {
        return FpmEnvelope.builder(QUEUE)
                .messageId("ID:fpm-plain-1")
                .timestamp(1_700_000_000_123L)
                .deliveryTime(1_700_000_000_123L)
                .deliveryCount(1)
                .property("n", 7L);
    }

    /**
     * Bodies of every type, including the null and empty ones, with every header set; and a few
     * with every header at its default ({@link #plainHeaders}, names starting with "plain-").
     */
    static Map<String, FpmEnvelope> bodies() {
        Map<String, FpmEnvelope> m = new LinkedHashMap<>();
        m.put("plain-none", plainHeaders().body(BodyType.NONE, null).build());
        m.put("plain-text", plainHeaders().body(BodyType.TEXT, "plain").build());
        m.put("plain-text-null", plainHeaders().body(BodyType.TEXT, null).build());
        m.put("plain-bytes-empty", plainHeaders().body(BodyType.BYTES, new byte[0]).build());
        m.put("plain-map", plainHeaders().body(BodyType.MAP, edgeMap()).build());
        m.put("plain-stream-empty", plainHeaders().body(BodyType.STREAM, List.of()).build());
        m.put("plain-object", plainHeaders().body(BodyType.OBJECT, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}).build());
        m.put("none", fullHeaders().body(BodyType.NONE, null).build());
        m.put("text", fullHeaders().body(BodyType.TEXT, "Grüße \uD83D\uDE00 \u0000 \r\n end").build());
        m.put("text-empty", fullHeaders().body(BodyType.TEXT, "").build());
        m.put("text-null", fullHeaders().body(BodyType.TEXT, null).build());
        m.put("text-lone-surrogate", fullHeaders().body(BodyType.TEXT, "a\uDBFFb\uDC00").build());
        m.put("bytes", fullHeaders().body(BodyType.BYTES, allBytes()).build());
        m.put("bytes-empty", fullHeaders().body(BodyType.BYTES, new byte[0]).build());
        m.put("map", fullHeaders().body(BodyType.MAP, edgeMap()).build());
        m.put("map-empty", fullHeaders().body(BodyType.MAP, Map.of()).build());
        m.put("stream", fullHeaders().body(BodyType.STREAM, edgeStream()).build());
        m.put("stream-empty", fullHeaders().body(BodyType.STREAM, List.of()).build());
        m.put("object", fullHeaders().body(BodyType.OBJECT, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 't', 0, 1, 'x'}).build());
        m.put("object-null", fullHeaders().body(BodyType.OBJECT, null).build());
        return m;
    }

    /** Asserts two values are equal, comparing byte[] by content and maps/lists deeply. */
    static void assertDeepEquals(Object expected, Object actual, String where) {
        if (expected == null) {
            assertNull(actual, where);
        } else if (expected instanceof byte[]) {
            assertTrue(actual instanceof byte[], where + ": expected byte[] but was " + actual);
            assertArrayEquals((byte[]) expected, (byte[]) actual, where);
        } else if (expected instanceof Map) {
            Map<?, ?> e = (Map<?, ?>) expected;
            Map<?, ?> a = (Map<?, ?>) actual;
            assertEquals(new ArrayList<>(e.keySet()), new ArrayList<>(a.keySet()), where + " keys");
            for (Object k : e.keySet()) {
                assertDeepEquals(e.get(k), a.get(k), where + "[" + k + "]");
            }
        } else if (expected instanceof List) {
            List<?> e = (List<?>) expected;
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), where + " size");
            for (int i = 0; i < e.size(); i++) {
                assertDeepEquals(e.get(i), a.get(i), where + "[" + i + "]");
            }
        } else {
            // Float/Double equals compares bits: NaN equals NaN, -0.0 differs from 0.0.
            assertEquals(expected, actual, where);
            assertEquals(expected.getClass(), actual.getClass(), where + " type");
        }
    }

    /** Asserts a reply carries the request's message: what the echo worker promises. */
    static void assertEchoed(FpmEnvelope request, FpmEnvelope reply) {
        assertEquals(request.correlationId(), reply.correlationId(), "correlationId");
        assertEquals(request.type(), reply.type(), "type");
        assertEquals(request.persistent(), reply.persistent(), "persistent");
        assertEquals(request.priority(), reply.priority(), "priority");
        assertEquals(request.expiration(), reply.expiration(), "expiration");
        assertEquals(request.replyTo(), reply.replyTo(), "replyTo");
        assertEquals(request.messageId(), reply.messageId(), "messageId");
        assertEquals(request.timestamp(), reply.timestamp(), "timestamp");
        assertEquals(request.deliveryTime(), reply.deliveryTime(), "deliveryTime");
        assertEquals(request.bodyType(), reply.bodyType(), "bodyType");
        assertDeepEquals(request.properties(), reply.properties(), "properties");
        assertDeepEquals(request.body(), reply.body(), "body");
        assertEquals(false, reply.redelivered(), "redelivered");
        assertEquals(0, reply.deliveryCount(), "deliveryCount");
        assertTrue(Arrays.asList(BodyType.values()).contains(reply.bodyType()));
    }
}
