package dev.fpmjms.store;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeCodecTest {

    private static FpmEnvelope roundTrip(FpmEnvelope e) {
        ByteSink sink = new ByteSink(16);
        EnvelopeCodec.encode(e, sink);
        return EnvelopeCodec.decode(new ByteSource(sink.array(), 0, sink.size()));
    }

    /** Every value type JMS allows, with edge values. */
    private static Map<String, Object> allTypes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bool", true);
        m.put("boolFalse", false);
        m.put("byte", (byte) -128);
        m.put("short", Short.MIN_VALUE);
        m.put("shortMax", Short.MAX_VALUE);
        m.put("char", '\uFFFF');
        m.put("int", Integer.MIN_VALUE);
        m.put("intSmall", -1);
        m.put("long", Long.MAX_VALUE);
        m.put("longMin", Long.MIN_VALUE);
        m.put("float", Float.intBitsToFloat(0x7fc00001));
        m.put("floatNeg0", -0.0f);
        m.put("double", Double.NEGATIVE_INFINITY);
        m.put("doubleNaN", Double.longBitsToDouble(0x7ff8000000000123L));
        m.put("string", "h\u00e9llo \uD83D\uDE00 w\u00f6rld");
        m.put("unpaired", "a\uD800b\uDC00");
        m.put("empty", "");
        return m;
    }

    private static void assertValuesEqual(Object expected, Object actual) {
        if (expected instanceof byte[]) {
            assertArrayEquals((byte[]) expected, (byte[]) actual);
        } else if (expected instanceof Float) {
            assertEquals(Float.floatToRawIntBits((Float) expected), Float.floatToRawIntBits((Float) actual));
        } else if (expected instanceof Double) {
            assertEquals(Double.doubleToRawLongBits((Double) expected), Double.doubleToRawLongBits((Double) actual));
        } else {
            assertEquals(expected, actual);
            if (expected != null) {
                assertEquals(expected.getClass(), actual.getClass());
            }
        }
    }

    @Test
    void headersRoundTrip() {
        FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue("orders"))
                .messageId("ID:abc:1").timestamp(1_700_000_000_123L).correlationId("\u0000\u00ff\u0080")
                .replyTo(DestinationRef.temporaryQueue("TMP.x")).type("order.v2").persistent(false)
                .priority(9).expiration(-5).deliveryTime(Long.MAX_VALUE).redelivered(true).deliveryCount(Integer.MAX_VALUE)
                .properties(allTypes()).body(BodyType.NONE, null).build();
        FpmEnvelope d = roundTrip(e);
        assertEquals(e.messageId(), d.messageId());
        assertEquals(e.timestamp(), d.timestamp());
        assertEquals(e.correlationId(), d.correlationId());
        assertEquals(e.destination(), d.destination());
        assertEquals(e.replyTo(), d.replyTo());
        assertEquals(e.type(), d.type());
        assertEquals(e.persistent(), d.persistent());
        assertEquals(e.priority(), d.priority());
        assertEquals(e.expiration(), d.expiration());
        assertEquals(e.deliveryTime(), d.deliveryTime());
        assertEquals(e.redelivered(), d.redelivered());
        assertEquals(e.deliveryCount(), d.deliveryCount());
        assertEquals(new ArrayList<>(e.properties().keySet()), new ArrayList<>(d.properties().keySet()), "property order");
        for (String k : e.properties().keySet()) {
            assertValuesEqual(e.properties().get(k), d.properties().get(k));
        }
        assertEquals(BodyType.NONE, d.bodyType());
        assertNull(d.body());
    }

    @Test
    void nullHeadersAndDefaultsRoundTrip() {
        FpmEnvelope e = FpmEnvelope.builder(new DestinationRef(DestinationRef.Kind.TOPIC, "t")).build();
        FpmEnvelope d = roundTrip(e);
        assertNull(d.messageId());
        assertNull(d.correlationId());
        assertNull(d.replyTo());
        assertNull(d.type());
        assertTrue(d.persistent());
        assertEquals(4, d.priority());
        assertEquals(e.destination(), d.destination());
        assertTrue(d.properties().isEmpty());
    }

    @Test
    void textBodies() {
        for (String text : Arrays.asList(null, "", "plain", "\uD83D\uDE00 emoji", "lone \uDC00 surrogate", "x".repeat(100_000))) {
            FpmEnvelope d = roundTrip(FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.TEXT, text).build());
            assertEquals(BodyType.TEXT, d.bodyType());
            assertEquals(text, d.body());
        }
    }

    @Test
    void bytesAndObjectBodies() {
        byte[] data = new byte[70_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        for (BodyType type : List.of(BodyType.BYTES, BodyType.OBJECT)) {
            for (byte[] body : Arrays.asList(new byte[0], data)) {
                FpmEnvelope d = roundTrip(FpmEnvelope.builder(DestinationRef.queue("q")).body(type, body).build());
                assertEquals(type, d.bodyType());
                assertArrayEquals(body, (byte[]) d.body());
            }
        }
        assertNull(roundTrip(FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.OBJECT, null).build()).body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void mapBodyKeepsTypesAndOrder() {
        Map<String, Object> map = allTypes();
        map.put("bytes", new byte[]{1, 2, 3});
        map.put("noBytes", new byte[0]);
        FpmEnvelope d = roundTrip(FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.MAP, map).build());
        Map<String, Object> got = (Map<String, Object>) d.body();
        assertEquals(new ArrayList<>(map.keySet()), new ArrayList<>(got.keySet()));
        for (String k : map.keySet()) {
            assertValuesEqual(map.get(k), got.get(k));
        }
        Map<String, Object> empty = (Map<String, Object>) roundTrip(
                FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.MAP, new LinkedHashMap<>()).build()).body();
        assertTrue(empty.isEmpty());
    }

    @Test
    void streamBodyKeepsTypesAndNulls() {
        List<Object> stream = new ArrayList<>(allTypes().values());
        stream.add(null);
        stream.add(new byte[]{9, 8});
        stream.add(null);
        FpmEnvelope d = roundTrip(FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.STREAM, stream).build());
        List<?> got = (List<?>) d.body();
        assertEquals(stream.size(), got.size());
        for (int i = 0; i < stream.size(); i++) {
            assertValuesEqual(stream.get(i), got.get(i));
        }
    }

    @Test
    void rejectsUnknownVersionAndTruncation() {
        ByteSink sink = new ByteSink(16);
        EnvelopeCodec.encode(FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.TEXT, "hello").build(), sink);
        byte[] bytes = sink.toByteArray();
        byte[] badVersion = bytes.clone();
        badVersion[0] = 2;
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> EnvelopeCodec.decode(new ByteSource(badVersion, 0, badVersion.length)));
        assertTrue(e.getMessage().contains("version must be 1, was 2"), e.getMessage());
        for (int cut = 0; cut < bytes.length; cut++) {
            int len = cut;
            assertThrows(MalformedRecordException.class, () -> EnvelopeCodec.decode(new ByteSource(bytes, 0, len)), "cut at " + cut);
        }
    }

    @Test
    void rejectsHugeCountsWithoutAllocating() {
        ByteSink sink = new ByteSink(16);
        sink.putByte(1);
        sink.putByte(0);
        sink.putByte(4);
        sink.putByte(4);
        sink.putZigzag(0);
        sink.putZigzag(0);
        sink.putZigzag(0);
        sink.putVarlong(0);
        sink.putByte(1);
        sink.putString("q");
        sink.putByte(0);
        sink.putString(null);
        sink.putString(null);
        sink.putString(null);
        sink.putVarlong(0);
        sink.putVarlong(Long.MAX_VALUE);
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> EnvelopeCodec.decode(new ByteSource(sink.array(), 0, sink.size())));
        assertTrue(e.getMessage().contains("stream size"), e.getMessage());
    }
}
