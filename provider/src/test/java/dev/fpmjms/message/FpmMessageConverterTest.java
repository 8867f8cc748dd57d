package dev.fpmjms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

/** Message to envelope and back, for every body type and property type; foreign messages; send headers. */
class FpmMessageConverterTest {

    private static final DestinationMapper MAPPER = TestDestinations.MAPPER;
    private static final TestDestinations.TestQueue QUEUE = new TestDestinations.TestQueue("work");
    private static final TestDestinations.TestTemporaryQueue REPLY = new TestDestinations.TestTemporaryQueue("tmp-1");

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** Every property type with edge values. */
    private static Map<String, Object> edgeProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("boolT", true);
        p.put("boolF", false);
        p.put("byteMin", Byte.MIN_VALUE);
        p.put("byteMax", Byte.MAX_VALUE);
        p.put("shortMin", Short.MIN_VALUE);
        p.put("intMin", Integer.MIN_VALUE);
        p.put("intMax", Integer.MAX_VALUE);
        p.put("longMin", Long.MIN_VALUE);
        p.put("longMax", Long.MAX_VALUE);
        p.put("floatNaN", Float.NaN);
        p.put("floatNegZero", -0.0f);
        p.put("floatMinNormal", Float.MIN_VALUE);
        p.put("doubleNaN", Double.NaN);
        p.put("doubleNegZero", -0.0d);
        p.put("doubleInf", Double.NEGATIVE_INFINITY);
        p.put("doubleMax", Double.MAX_VALUE);
        p.put("strEmpty", "");
        p.put("strUnicode", "\u00e9\u4e2d\ud83d\ude00\u0000\n'\"=;");
        p.put("JMSXGroupID", "group");
        p.put("JMSXGroupSeq", 7);
        return p;
    }

    private static void setEdgeProperties(Message m) throws JMSException {
        for (Map.Entry<String, Object> e : edgeProperties().entrySet()) {
            m.setObjectProperty(e.getKey(), e.getValue());
        }
    }

    private static void setHeaders(Message m) throws JMSException {
        m.setJMSMessageID("ID:abc-1");
        m.setJMSTimestamp(1_700_000_000_000L);
        m.setJMSCorrelationIDAsBytes(allBytes());
        m.setJMSReplyTo(REPLY);
        m.setJMSDestination(QUEUE);
        m.setJMSType("order.created");
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(7);
        m.setJMSExpiration(1_700_000_060_000L);
        m.setJMSDeliveryTime(1_700_000_001_000L);
        m.setJMSRedelivered(true);
    }

    /** Sends {@code m} to an envelope, delivers it as delivery {@code count}, checks headers and properties. */
    private static FpmMessage roundTrip(Message m) throws JMSException {
        setHeaders(m);
        setEdgeProperties(m);
        FpmEnvelope sent = FpmMessageConverter.toEnvelope(m, MAPPER);
        assertEquals("ID:abc-1", sent.messageId());
        assertEquals(1_700_000_000_000L, sent.timestamp());
        assertEquals(DestinationRef.queue("work"), sent.destination());
        assertEquals(DestinationRef.temporaryQueue("tmp-1"), sent.replyTo());
        assertEquals("order.created", sent.type());
        assertFalse(sent.persistent());
        assertEquals(7, sent.priority());
        assertEquals(1_700_000_060_000L, sent.expiration());
        assertEquals(1_700_000_001_000L, sent.deliveryTime());
        assertFalse(sent.redelivered(), "a send is never a redelivery");
        assertEquals(0, sent.deliveryCount());
        assertEquals(256, sent.correlationId().length());
        assertEquals(edgeProperties().keySet(), sent.properties().keySet());

        FpmMessage back = FpmMessageConverter.fromEnvelope(sent.nextDelivery().nextDelivery(), MAPPER, List.of("*"));
        assertEquals("ID:abc-1", back.getJMSMessageID());
        assertEquals(1_700_000_000_000L, back.getJMSTimestamp());
        assertArrayEquals(allBytes(), back.getJMSCorrelationIDAsBytes());
        assertEquals(REPLY, back.getJMSReplyTo());
        assertEquals(QUEUE, back.getJMSDestination());
        assertEquals("order.created", back.getJMSType());
        assertEquals(DeliveryMode.NON_PERSISTENT, back.getJMSDeliveryMode());
        assertEquals(7, back.getJMSPriority());
        assertEquals(1_700_000_060_000L, back.getJMSExpiration());
        assertEquals(1_700_000_001_000L, back.getJMSDeliveryTime());
        assertTrue(back.getJMSRedelivered());
        assertEquals(2, back.getIntProperty("JMSXDeliveryCount"));
        for (Map.Entry<String, Object> e : edgeProperties().entrySet()) {
            Object value = back.getObjectProperty(e.getKey());
            assertSame(e.getValue().getClass(), value.getClass(), e.getKey());
            assertEquals(e.getValue(), value, e.getKey()); // boxed equals: NaN == NaN, -0.0 != 0.0
        }
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits(back.getDoubleProperty("doubleNegZero")));
        assertThrows(MessageNotWriteableException.class, () -> back.setIntProperty("x", 1));
        List<String> names = Collections.list(back.getPropertyNames());
        assertEquals(edgeProperties().size() + 1, names.size());
        assertEquals("JMSXDeliveryCount", names.get(names.size() - 1));
        return back;
    }

    @Test
    void plainMessageRoundTrip() throws Exception {
        FpmMessage back = roundTrip(new FpmMessage());
        assertEquals(FpmMessage.class, back.getClass());
        assertNull(back.getBody(Object.class));
    }

    @Test
    void textRoundTrip() throws Exception {
        for (String text : Arrays.asList("h\u00e9llo \ud83d\ude00\u0000", "", null)) {
            FpmTextMessage back = (FpmTextMessage) roundTrip(new FpmTextMessage(text));
            assertEquals(text, back.getText());
            assertThrows(MessageNotWriteableException.class, () -> back.setText("x"));
        }
    }

    @Test
    void bytesRoundTrip() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeBytes(allBytes());
        m.writeDouble(Double.NaN);
        m.writeLong(Long.MIN_VALUE);
        m.writeUTF("\ud83d\ude00");
        FpmBytesMessage back = (FpmBytesMessage) roundTrip(m);
        assertEquals(256 + 8 + 8 + 2 + 6, back.getBodyLength());
        byte[] head = new byte[256];
        assertEquals(256, back.readBytes(head));
        assertArrayEquals(allBytes(), head);
        assertTrue(Double.isNaN(back.readDouble()));
        assertEquals(Long.MIN_VALUE, back.readLong());
        assertEquals("\ud83d\ude00", back.readUTF());
        assertThrows(MessageNotWriteableException.class, () -> back.writeInt(1));
    }

    @Test
    void emptyBytesRoundTrip() throws Exception {
        FpmBytesMessage back = (FpmBytesMessage) roundTrip(new FpmBytesMessage());
        assertEquals(0, back.getBodyLength());
        assertEquals(-1, back.readBytes(new byte[1]));
    }

    @Test
    void mapRoundTripWithEveryItemType() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        m.setBoolean("bool", true);
        m.setByte("byte", Byte.MIN_VALUE);
        m.setShort("short", Short.MAX_VALUE);
        m.setChar("char", '\uffff');
        m.setInt("int", Integer.MIN_VALUE);
        m.setLong("long", Long.MIN_VALUE);
        m.setFloat("float", Float.NaN);
        m.setDouble("double", -0.0d);
        m.setString("string", "\u4e2d");
        m.setString("empty", "");
        m.setString("null", null);
        m.setBytes("bytes", allBytes());
        m.setBytes("noBytes", new byte[0]);
        FpmMapMessage back = (FpmMapMessage) roundTrip(m);
        assertEquals(List.of("bool", "byte", "short", "char", "int", "long", "float", "double", "string", "empty", "null",
                "bytes", "noBytes"), Collections.list(back.getMapNames()));
        assertTrue(back.getBoolean("bool"));
        assertEquals(Byte.MIN_VALUE, back.getByte("byte"));
        assertEquals(Short.MAX_VALUE, back.getShort("short"));
        assertEquals('\uffff', back.getChar("char"));
        assertEquals(Integer.MIN_VALUE, back.getInt("int"));
        assertEquals(Long.MIN_VALUE, back.getLong("long"));
        assertTrue(Float.isNaN(back.getFloat("float")));
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits(back.getDouble("double")));
        assertEquals("\u4e2d", back.getString("string"));
        assertEquals("", back.getString("empty"));
        assertTrue(back.itemExists("null"));
        assertNull(back.getObject("null"));
        assertArrayEquals(allBytes(), back.getBytes("bytes"));
        assertArrayEquals(new byte[0], back.getBytes("noBytes"));
    }

    @Test
    void streamRoundTripWithEveryElementType() throws Exception {
        FpmStreamMessage m = new FpmStreamMessage();
        m.writeBoolean(false);
        m.writeByte(Byte.MAX_VALUE);
        m.writeShort(Short.MIN_VALUE);
        m.writeChar('\u0000');
        m.writeInt(Integer.MAX_VALUE);
        m.writeLong(Long.MIN_VALUE);
        m.writeFloat(-0.0f);
        m.writeDouble(Double.NaN);
        m.writeString("");
        m.writeObject(null);
        m.writeBytes(allBytes());
        FpmStreamMessage back = (FpmStreamMessage) roundTrip(m);
        assertFalse(back.readBoolean());
        assertEquals(Byte.MAX_VALUE, back.readByte());
        assertEquals(Short.MIN_VALUE, back.readShort());
        assertEquals('\u0000', back.readChar());
        assertEquals(Integer.MAX_VALUE, back.readInt());
        assertEquals(Long.MIN_VALUE, back.readLong());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(back.readFloat()));
        assertTrue(Double.isNaN(back.readDouble()));
        assertEquals("", back.readString());
        assertNull(back.readObject());
        assertArrayEquals(allBytes(), (byte[]) back.readObject());
        assertThrows(jakarta.jms.MessageEOFException.class, back::readObject);
    }

    @Test
    void objectRoundTrip() throws Exception {
        FpmObjectMessage m = new FpmObjectMessage(List.of("java"));
        m.setObject(new BigInteger("123456789012345678901234567890"));
        FpmObjectMessage back = (FpmObjectMessage) roundTrip(m);
        assertEquals(new BigInteger("123456789012345678901234567890"), back.getObject());
        assertEquals(List.of("*"), back.getAllowList(), "the receiving side's allow-list applies");
    }

    @Test
    void writableBodiesAreCopiedIntoTheEnvelopeReadOnlyOnesShared() throws Exception {
        FpmMapMessage map = new FpmMapMessage();
        map.setInt("a", 1);
        map.setJMSDestination(QUEUE);
        FpmEnvelope sent = FpmMessageConverter.toEnvelope(map, MAPPER);
        map.setInt("b", 2);
        assertEquals(Map.of("a", 1), sent.body(), "later writes do not reach the sent envelope");

        FpmMessage received = FpmMessageConverter.fromEnvelope(sent, MAPPER, List.of());
        FpmEnvelope resent = FpmMessageConverter.toEnvelope(received, MAPPER);
        assertSame(sent.body(), resent.body(), "a read-only body is shared, not copied");

        FpmStreamMessage stream = new FpmStreamMessage();
        stream.writeInt(1);
        stream.setJMSDestination(QUEUE);
        FpmEnvelope streamSent = FpmMessageConverter.toEnvelope(stream, MAPPER);
        stream.writeInt(2);
        assertEquals(List.of(1), streamSent.body());
    }

    @Test
    void bytesHotPathDoesNotCopyAReceivedBody() throws Exception {
        byte[] wire = allBytes();
        FpmEnvelope in = FpmEnvelope.builder(DestinationRef.queue("work")).body(BodyType.BYTES, wire).deliveryCount(1).build();
        FpmMessage received = FpmMessageConverter.fromEnvelope(in, MAPPER, List.of());
        FpmEnvelope out = FpmMessageConverter.toEnvelope(received, MAPPER);
        assertSame(wire, out.body());
        FpmEnvelope again = FpmMessageConverter.toEnvelope(received, MAPPER);
        assertSame(wire, again.body());
        received.clearBody();
        ((FpmBytesMessage) received).writeByte((byte) 1);
        assertArrayEquals(allBytes(), wire, "clearing and rewriting never touches the envelope's array");
        assertArrayEquals(new byte[] {1}, (byte[]) FpmMessageConverter.toEnvelope(received, MAPPER).body());
    }

    @Test
    void envelopeWithNullBodiesBuildsEmptyMessages() throws Exception {
        DestinationRef q = DestinationRef.queue("work");
        FpmBytesMessage bytes = (FpmBytesMessage) FpmMessageConverter.fromEnvelope(
                FpmEnvelope.builder(q).body(BodyType.BYTES, null).build(), MAPPER, List.of());
        assertEquals(0, bytes.getBodyLength());
        FpmMapMessage map = (FpmMapMessage) FpmMessageConverter.fromEnvelope(
                FpmEnvelope.builder(q).body(BodyType.MAP, null).build(), MAPPER, List.of());
        assertFalse(map.getMapNames().hasMoreElements());
        FpmStreamMessage stream = (FpmStreamMessage) FpmMessageConverter.fromEnvelope(
                FpmEnvelope.builder(q).body(BodyType.STREAM, null).build(), MAPPER, List.of());
        assertThrows(jakarta.jms.MessageEOFException.class, stream::readObject);
        FpmObjectMessage object = (FpmObjectMessage) FpmMessageConverter.fromEnvelope(
                FpmEnvelope.builder(q).body(BodyType.OBJECT, null).build(), MAPPER, List.of());
        assertNull(object.getObject());
        FpmMessage first = FpmMessageConverter.fromEnvelope(FpmEnvelope.builder(q).deliveryCount(1).build(), MAPPER, List.of());
        assertFalse(first.getJMSRedelivered());
        assertEquals(DeliveryMode.PERSISTENT, first.getJMSDeliveryMode());
        assertNull(first.getJMSReplyTo());
    }

    @Test
    void messageWithoutDestinationNeedsOneGiven() throws Exception {
        FpmTextMessage m = new FpmTextMessage("x");
        InvalidDestinationException e = assertThrows(InvalidDestinationException.class, () -> FpmMessageConverter.toEnvelope(m, MAPPER));
        assertTrue(e.getMessage().contains("JMSDestination"), e.getMessage());
        FpmEnvelope env = FpmMessageConverter.toEnvelopeBuilder(m, DestinationRef.queue("given"), MAPPER)
                .messageId("ID:9").timestamp(5).build();
        assertEquals(DestinationRef.queue("given"), env.destination());
        assertEquals("ID:9", env.messageId());
        assertEquals("x", env.body());
        assertEquals(BodyType.TEXT, env.bodyType());
    }

    @Test
    void mapperRefusalPropagates() {
        FpmMessage m = new FpmMessage();
        m.setJMSDestination(QUEUE);
        m.setJMSReplyTo(new TestDestinations.TestTopic("t"));
        assertThrows(InvalidDestinationException.class, () -> FpmMessageConverter.toEnvelope(m, MAPPER));
    }

    @Test
    void applySendHeadersOnOwnMessage() throws Exception {
        FpmTextMessage m = new FpmTextMessage("x");
        FpmEnvelope sent = FpmEnvelope.builder(DestinationRef.queue("work")).messageId("ID:42").timestamp(11)
                .persistent(false).priority(2).expiration(99).deliveryTime(50).build();
        FpmMessageConverter.applySendHeaders(m, sent, MAPPER);
        assertEquals("ID:42", m.getJMSMessageID());
        assertEquals(11, m.getJMSTimestamp());
        assertEquals(QUEUE, m.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(2, m.getJMSPriority());
        assertEquals(99, m.getJMSExpiration());
        assertEquals(50, m.getJMSDeliveryTime());
    }

    // ---- foreign messages ------------------------------------------------------------------

    @Test
    void foreignTextMessageWithHeadersAndProperties() throws Exception {
        ForeignMessages.Text m = new ForeignMessages.Text();
        m.setText("foreign \u00e9");
        setHeaders(m);
        setEdgeProperties(m);
        m.props.put("JMSXDeliveryCount", 5);
        FpmEnvelope env = FpmMessageConverter.toEnvelope(m, MAPPER);
        assertEquals(BodyType.TEXT, env.bodyType());
        assertEquals("foreign \u00e9", env.body());
        assertEquals(edgeProperties().keySet(), env.properties().keySet(), "JMSXDeliveryCount is not carried over");
        assertEquals(0, env.deliveryCount());
        assertEquals(7, env.priority());
        assertEquals(DestinationRef.temporaryQueue("tmp-1"), env.replyTo());
        assertFalse(env.persistent());

        FpmTextMessage back = (FpmTextMessage) FpmMessageConverter.fromEnvelope(env, MAPPER, List.of());
        assertEquals("foreign \u00e9", back.getText());
        assertEquals(Long.MIN_VALUE, back.getLongProperty("longMin"));
    }

    @Test
    void foreignBytesMessageIsResetAndReadFully() throws Exception {
        byte[] big = new byte[1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        ForeignMessages.Bytes m = new ForeignMessages.Bytes(big);
        m.setJMSDestination(QUEUE);
        FpmEnvelope env = FpmMessageConverter.toEnvelope(m, MAPPER);
        assertEquals(BodyType.BYTES, env.bodyType());
        assertArrayEquals(big, (byte[]) env.body());
        assertEquals(2, m.resets, "reset before reading and after");
        assertEquals(0, m.pos);

        ForeignMessages.Bytes empty = new ForeignMessages.Bytes(new byte[0]);
        empty.setJMSDestination(QUEUE);
        assertArrayEquals(new byte[0], (byte[]) FpmMessageConverter.toEnvelope(empty, MAPPER).body());
    }

    @Test
    void foreignStreamMessageIsReadElementByElement() throws Exception {
        List<Object> elements = Arrays.asList(1, "two", null, new byte[] {3}, 'c', 4.5d);
        ForeignMessages.Stream m = new ForeignMessages.Stream(elements);
        m.setJMSDestination(QUEUE);
        FpmEnvelope env = FpmMessageConverter.toEnvelope(m, MAPPER);
        assertEquals(BodyType.STREAM, env.bodyType());
        List<?> body = (List<?>) env.body();
        assertEquals(6, body.size());
        assertEquals(1, body.get(0));
        assertEquals("two", body.get(1));
        assertNull(body.get(2));
        assertArrayEquals(new byte[] {3}, (byte[]) body.get(3));
        assertEquals('c', body.get(4));
        assertEquals(2, m.resets);

        FpmStreamMessage back = (FpmStreamMessage) FpmMessageConverter.fromEnvelope(env, MAPPER, List.of());
        assertEquals(1, back.readInt());
        assertEquals("two", back.readString());
    }

    @Test
    void foreignMapAndObjectAndPlainMessages() throws Exception {
        ForeignMessages.MapMsg map = new ForeignMessages.MapMsg();
        map.items.put("a", 1);
        map.items.put("b", null);
        map.items.put("c", new byte[] {2});
        map.setJMSDestination(QUEUE);
        FpmEnvelope mapEnv = FpmMessageConverter.toEnvelope(map, MAPPER);
        assertEquals(BodyType.MAP, mapEnv.bodyType());
        assertEquals(List.of("a", "b", "c"), List.copyOf(((Map<?, ?>) mapEnv.body()).keySet()));

        ForeignMessages.Obj obj = new ForeignMessages.Obj();
        obj.setObject(new java.util.Date(5));
        obj.setJMSDestination(QUEUE);
        FpmEnvelope objEnv = FpmMessageConverter.toEnvelope(obj, MAPPER);
        assertEquals(BodyType.OBJECT, objEnv.bodyType());
        assertEquals(new java.util.Date(5),
                ((FpmObjectMessage) FpmMessageConverter.fromEnvelope(objEnv, MAPPER, List.of("java.util"))).getObject());

        ForeignMessages.Plain plain = new ForeignMessages.Plain();
        plain.setJMSDestination(QUEUE);
        plain.setJMSPriority(42);
        FpmEnvelope plainEnv = FpmMessageConverter.toEnvelope(plain, MAPPER);
        assertEquals(BodyType.NONE, plainEnv.bodyType());
        assertEquals(Message.DEFAULT_PRIORITY, plainEnv.priority(), "an invalid foreign priority becomes the default");
        assertTrue(plainEnv.persistent());
    }

    @Test
    void foreignValuesOfNoJmsTypeAreRefusedNamingThem() {
        ForeignMessages.Plain plain = new ForeignMessages.Plain();
        plain.setJMSDestination(QUEUE);
        plain.props.put("odd", new StringBuilder());
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> FpmMessageConverter.toEnvelope(plain, MAPPER));
        assertTrue(e.getMessage().contains("'odd'"), e.getMessage());

        ForeignMessages.MapMsg map = new ForeignMessages.MapMsg();
        map.setJMSDestination(QUEUE);
        map.items.put("list", List.of());
        assertTrue(assertThrows(MessageFormatException.class, () -> FpmMessageConverter.toEnvelope(map, MAPPER))
                .getMessage().contains("'list'"));

        ForeignMessages.MapMsg lone = new ForeignMessages.MapMsg();
        lone.setJMSDestination(QUEUE);
        lone.items.put("x\uD800", "v");
        assertTrue(assertThrows(MessageFormatException.class, () -> FpmMessageConverter.toEnvelope(lone, MAPPER))
                .getMessage().contains("unpaired surrogate"));

        ForeignMessages.Stream stream = new ForeignMessages.Stream(List.of(new Object()));
        stream.setJMSDestination(QUEUE);
        assertThrows(MessageFormatException.class, () -> FpmMessageConverter.toEnvelope(stream, MAPPER));
    }

    @Test
    void applySendHeadersOnForeignMessageIncludingJms11() throws Exception {
        ForeignMessages.Text m = new ForeignMessages.Text();
        FpmEnvelope sent = FpmEnvelope.builder(DestinationRef.temporaryQueue("tq")).messageId("ID:7").timestamp(3)
                .priority(0).expiration(8).deliveryTime(4).build();
        FpmMessageConverter.applySendHeaders(m, sent, MAPPER);
        assertEquals("ID:7", m.getJMSMessageID());
        assertEquals(3, m.getJMSTimestamp());
        assertEquals(new TestDestinations.TestTemporaryQueue("tq"), m.getJMSDestination());
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(0, m.getJMSPriority());
        assertEquals(8, m.getJMSExpiration());
        assertEquals(4, m.deliveryTime);

        ForeignMessages.Text jms11 = new ForeignMessages.Text() {
            @Override
            public void setJMSDeliveryTime(long t) {
                throw new AbstractMethodError("JMS 1.1 class");
            }

            @Override
            public long getJMSDeliveryTime() {
                throw new AbstractMethodError("JMS 1.1 class");
            }
        };
        FpmMessageConverter.applySendHeaders(jms11, sent, MAPPER);
        assertEquals("ID:7", jms11.getJMSMessageID());
        jms11.setJMSDestination(QUEUE);
        assertEquals(0, FpmMessageConverter.toEnvelope(jms11, MAPPER).deliveryTime());
    }
}
