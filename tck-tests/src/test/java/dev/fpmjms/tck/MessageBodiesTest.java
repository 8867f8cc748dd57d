package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Messaging 3.1, section 3.11: the message body types, read-only and write-only
 * modes, and {@code getBody}/{@code isBodyAssignableTo}. The stream and map conversion tables are in
 * {@link BodyConversionsTest}.
 */
@DisplayName("06 Message bodies")
class MessageBodiesTest extends ConformanceTestBase {

    private Session session;
    private MessageProducer producer;
    private MessageConsumer consumer;

    @BeforeEach
    void open() throws Exception {
        session = session();
        Queue queue = queue();
        producer = session.createProducer(queue);
        consumer = session.createConsumer(queue);
    }

    @SuppressWarnings("unchecked")
    private <T extends Message> T roundTrip(T m) throws Exception {
        producer.send(m);
        return (T) receive(consumer);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    // ---- plain Message ----

    @Test
    void plainMessageHasNoBody() throws Throwable {
        Message r = roundTrip(session.createMessage());
        assertFalse(r instanceof TextMessage || r instanceof BytesMessage || r instanceof MapMessage
                || r instanceof StreamMessage || r instanceof ObjectMessage, "received a plain Message: " + r);
        assertTrue(r.isBodyAssignableTo(String.class), "no body: any type is assignable");
        assertTrue(r.isBodyAssignableTo(Map.class));
        r.clearBody();
        knownDeviation("artemis", "getBody on a plain Message throws MessageFormatException instead of returning null",
                () -> {
                    assertNull(r.getBody(String.class), "no body: getBody returns null for any type");
                    assertNull(r.getBody(byte[].class));
                });
    }

    // ---- TextMessage ----

    @Test
    void textRoundTrips() throws Exception {
        String text = "plain ascii, \u00e9\u00e8, \u4e2d\u6587, emoji \ud83d\ude80, nul \u0000 end";
        TextMessage r = roundTrip(session.createTextMessage(text));
        assertEquals(text, r.getText());
        assertEquals(text, r.getBody(String.class));
    }

    @Test
    void largeTextRoundTrips() throws Exception {
        String text = "0123456789abcdef".repeat(16 * 1024); // 256 KiB
        assertEquals(text, roundTrip(session.createTextMessage(text)).getText());
    }

    @Test
    void emptyAndNullTextRoundTrip() throws Exception {
        assertEquals("", roundTrip(session.createTextMessage("")).getText());
        TextMessage r = roundTrip(session.createTextMessage());
        assertNull(r.getText(), "a TextMessage without text has null text");
        assertNull(r.getBody(String.class));
    }

    @Test
    void textOfReceivedMessageIsReadOnlyUntilClearBody() throws Exception {
        TextMessage r = roundTrip(session.createTextMessage("x"));
        assertThrows(MessageNotWriteableException.class, () -> r.setText("y"));
        assertEquals("x", r.getText());
        r.clearBody();
        assertNull(r.getText(), "clearBody empties the body");
        r.setText("y");
        assertEquals("y", r.getText());
    }

    @Test
    void textGetBodyTypeRules() throws Exception {
        TextMessage r = roundTrip(session.createTextMessage("t"));
        assertTrue(r.isBodyAssignableTo(String.class));
        assertTrue(r.isBodyAssignableTo(Object.class));
        assertTrue(r.isBodyAssignableTo(CharSequence.class));
        assertFalse(r.isBodyAssignableTo(Integer.class));
        assertFalse(r.isBodyAssignableTo(byte[].class));
        assertEquals("t", r.getBody(Object.class));
        assertThrows(MessageFormatException.class, () -> r.getBody(Integer.class));
    }

    // ---- BytesMessage ----

    private BytesMessage everyBytesField() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -5);
        m.writeByte((byte) 200);
        m.writeShort((short) -12345);
        m.writeShort((short) 50000);
        m.writeChar('\u4e2d');
        m.writeInt(Integer.MIN_VALUE);
        m.writeLong(Long.MAX_VALUE);
        m.writeFloat(1.25f);
        m.writeDouble(Math.PI);
        m.writeUTF("utf \u00e9");
        m.writeBytes(new byte[] {1, 2, 3});
        m.writeBytes(new byte[] {9, 8, 7, 6, 5}, 1, 3);
        return m;
    }

    @Test
    void bytesFieldsRoundTripInOrder() throws Exception {
        BytesMessage r = roundTrip(everyBytesField());
        assertTrue(r.readBoolean());
        assertEquals((byte) -5, r.readByte());
        assertEquals(200, r.readUnsignedByte());
        assertEquals((short) -12345, r.readShort());
        assertEquals(50000, r.readUnsignedShort());
        assertEquals('\u4e2d', r.readChar());
        assertEquals(Integer.MIN_VALUE, r.readInt());
        assertEquals(Long.MAX_VALUE, r.readLong());
        assertEquals(1.25f, r.readFloat());
        assertEquals(Math.PI, r.readDouble());
        assertEquals("utf \u00e9", r.readUTF());
        byte[] buf = new byte[6];
        assertEquals(6, r.readBytes(buf), "three written bytes plus three from the offset write");
        assertArrayEquals(new byte[] {1, 2, 3, 8, 7, 6}, buf);
        assertEquals(-1, r.readBytes(buf), "end of body: readBytes returns -1");
    }

    @Test
    void bytesBodyLengthAndRawBytes() throws Exception {
        byte[] data = bytes(70_000);
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(data);
        BytesMessage r = roundTrip(m);
        assertEquals(70_000L, r.getBodyLength());
        byte[] read = new byte[70_000];
        assertEquals(70_000, r.readBytes(read));
        assertArrayEquals(data, read);
    }

    @Test
    void bytesReadBytesWithLength() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(bytes(10));
        BytesMessage r = roundTrip(m);
        byte[] buf = new byte[8];
        assertEquals(4, r.readBytes(buf, 4), "reads at most length bytes");
        assertEquals(6, r.readBytes(buf, 8), "then what is left");
        assertEquals(-1, r.readBytes(buf, 8));
    }

    @Test
    void bytesReadBytesRejectsLengthAboveBufferSize() throws Throwable {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(bytes(10));
        BytesMessage r = roundTrip(m);
        knownDeviation("artemis", "readBytes(buf, length > buf.length) does not throw IndexOutOfBoundsException",
                () -> assertThrows(IndexOutOfBoundsException.class, () -> r.readBytes(new byte[8], 9)));
    }

    @Test
    void bytesWriteObjectAcceptsWrappersAndByteArray() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeObject(Boolean.TRUE);
        m.writeObject((byte) 1);
        m.writeObject((short) 2);
        m.writeObject('c');
        m.writeObject(3);
        m.writeObject(4L);
        m.writeObject(5f);
        m.writeObject(6d);
        m.writeObject("seven");
        m.writeObject(new byte[] {8});
        assertThrows(MessageFormatException.class, () -> m.writeObject(new ArrayList<>()));
        assertThrows(NullPointerException.class, () -> m.writeObject(null));
        BytesMessage r = roundTrip(m);
        assertTrue(r.readBoolean());
        assertEquals(1, r.readByte());
        assertEquals(2, r.readShort());
        assertEquals('c', r.readChar());
        assertEquals(3, r.readInt());
        assertEquals(4L, r.readLong());
        assertEquals(5f, r.readFloat());
        assertEquals(6d, r.readDouble());
        assertEquals("seven", r.readUTF());
        assertEquals(8, r.readByte());
    }

    @Test
    void bytesReadPastEndThrowsEof() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeByte((byte) 1);
        BytesMessage r = roundTrip(m);
        r.readByte();
        assertThrows(MessageEOFException.class, r::readByte);
        assertThrows(MessageEOFException.class, r::readInt);
        assertThrows(MessageEOFException.class, r::readUTF);
    }

    @Test
    void newBytesMessageIsWriteOnlyUntilReset() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeInt(42);
        assertThrows(MessageNotReadableException.class, m::readInt);
        assertThrows(MessageNotReadableException.class, m::getBodyLength);
        m.reset();
        assertEquals(4L, m.getBodyLength());
        assertEquals(42, m.readInt());
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(1), "read-only after reset");
    }

    @Test
    void receivedBytesMessageIsReadOnlyUntilClearBody() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeInt(7);
        BytesMessage r = roundTrip(m);
        assertThrows(MessageNotWriteableException.class, () -> r.writeInt(1));
        assertThrows(MessageNotWriteableException.class, () -> r.writeBytes(new byte[1]));
        r.clearBody();
        assertThrows(MessageNotReadableException.class, r::readInt, "write-only after clearBody");
        r.writeInt(8);
        r.reset();
        assertEquals(8, r.readInt());
    }

    @Test
    void bytesResetRewinds() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeLong(99L);
        BytesMessage r = roundTrip(m);
        assertEquals(99L, r.readLong());
        r.reset();
        assertEquals(99L, r.readLong(), "reset puts the read position at the start");
    }

    @Test
    void bytesGetBody() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(new byte[] {4, 5, 6});
        BytesMessage r = roundTrip(m);
        assertTrue(r.isBodyAssignableTo(byte[].class));
        assertFalse(r.isBodyAssignableTo(String.class));
        assertArrayEquals(new byte[] {4, 5, 6}, r.getBody(byte[].class));
        assertThrows(MessageFormatException.class, () -> r.getBody(String.class));
        byte[] again = new byte[3];
        assertEquals(3, r.readBytes(again), "getBody does not consume the body");
        assertArrayEquals(new byte[] {4, 5, 6}, again);
    }

    @Test
    void emptyBytesMessageHasNoBody() throws Throwable {
        BytesMessage r = roundTrip(session.createBytesMessage());
        knownDeviation("artemis", "an empty BytesMessage is received with a body of 4 bytes", () -> {
            assertEquals(0L, r.getBodyLength());
            assertEquals(-1, r.readBytes(new byte[4]));
        });
        r.reset();
        assertNull(r.getBody(byte[].class), "no body: getBody returns null");
        assertTrue(r.isBodyAssignableTo(String.class), "no body: any type is assignable");
    }

    // ---- MapMessage ----

    @Test
    void mapEntriesOfEveryTypeRoundTrip() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setBoolean("bool", true);
        m.setByte("byte", (byte) 3);
        m.setShort("short", (short) -300);
        m.setChar("char", 'x');
        m.setInt("int", 70000);
        m.setLong("long", -1L);
        m.setFloat("float", 0.5f);
        m.setDouble("double", 1e-10);
        m.setString("string", "\u00fcber");
        m.setString("nullString", null);
        m.setBytes("bytes", new byte[] {1, 2});
        m.setBytes("slice", new byte[] {1, 2, 3, 4}, 1, 2);
        m.setObject("object", 99L);
        MapMessage r = roundTrip(m);
        assertAll(
                () -> assertTrue(r.getBoolean("bool")),
                () -> assertEquals((byte) 3, r.getByte("byte")),
                () -> assertEquals((short) -300, r.getShort("short")),
                () -> assertEquals('x', r.getChar("char")),
                () -> assertEquals(70000, r.getInt("int")),
                () -> assertEquals(-1L, r.getLong("long")),
                () -> assertEquals(0.5f, r.getFloat("float")),
                () -> assertEquals(1e-10, r.getDouble("double")),
                () -> assertEquals("\u00fcber", r.getString("string")),
                () -> assertNull(r.getString("nullString")),
                () -> assertArrayEquals(new byte[] {1, 2}, r.getBytes("bytes")),
                () -> assertArrayEquals(new byte[] {2, 3}, r.getBytes("slice")),
                () -> assertEquals(99L, r.getObject("object")),
                () -> assertEquals(Character.valueOf('x'), r.getObject("char")));
    }

    @Test
    void mapNamesAndItemExists() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setInt("a", 1);
        m.setString("b", "2");
        m.setBytes("c", new byte[0]);
        MapMessage r = roundTrip(m);
        Set<Object> names = new HashSet<>(Collections.list(r.getMapNames()));
        assertEquals(Set.of("a", "b", "c"), names);
        assertTrue(r.itemExists("a"));
        assertFalse(r.itemExists("z"));
        assertNull(r.getString("z"), "a missing entry reads as null");
        assertNull(r.getObject("z"));
        assertNull(r.getBytes("z"));
        assertFalse(r.getBoolean("z"), "Boolean.valueOf(null)");
        assertThrows(NumberFormatException.class, () -> r.getInt("z"), "Integer.valueOf(null)");
        assertThrows(NullPointerException.class, () -> r.getDouble("z"), "Double.valueOf(null)");
    }

    @Test
    void mapRejectsBadNamesAndValues() throws Exception {
        MapMessage m = session.createMapMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setInt(null, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setInt("", 1));
        assertThrows(MessageFormatException.class, () -> m.setObject("o", new Object()));
        assertThrows(MessageFormatException.class, () -> m.setObject("o", new ArrayList<>()));
    }

    @Test
    void mapSetTwiceKeepsTheLastValue() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setInt("k", 1);
        m.setString("k", "last");
        assertEquals("last", roundTrip(m).getObject("k"));
    }

    @Test
    void receivedMapMessageIsReadOnlyUntilClearBody() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setInt("k", 1);
        MapMessage r = roundTrip(m);
        assertThrows(MessageNotWriteableException.class, () -> r.setInt("k", 2));
        assertThrows(MessageNotWriteableException.class, () -> r.setObject("n", "v"));
        r.clearBody();
        assertFalse(r.itemExists("k"), "clearBody empties the map");
        r.setInt("k", 3);
        assertEquals(3, r.getInt("k"));
    }

    @Test
    void mapGetBody() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setInt("i", 1);
        m.setString("s", "x");
        MapMessage r = roundTrip(m);
        assertTrue(r.isBodyAssignableTo(Map.class));
        assertFalse(r.isBodyAssignableTo(String.class));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = r.getBody(Map.class);
        assertEquals(Map.of("i", 1, "s", "x"), body);
        assertThrows(MessageFormatException.class, () -> r.getBody(byte[].class));
    }

    // ---- StreamMessage ----

    @Test
    void streamFieldsRoundTripInOrder() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeBoolean(false);
        m.writeByte((byte) 9);
        m.writeShort((short) 999);
        m.writeChar('\u00e7');
        m.writeInt(-99999);
        m.writeLong(1L << 40);
        m.writeFloat(-0.25f);
        m.writeDouble(6.02e23);
        m.writeString("stream \u4e2d");
        m.writeString(null);
        m.writeBytes(new byte[] {1, 2, 3});
        m.writeBytes(new byte[] {1, 2, 3, 4}, 2, 2);
        m.writeObject(12L);
        StreamMessage r = roundTrip(m);
        assertFalse(r.readBoolean());
        assertEquals(9, r.readByte());
        assertEquals(999, r.readShort());
        assertEquals('\u00e7', r.readChar());
        assertEquals(-99999, r.readInt());
        assertEquals(1L << 40, r.readLong());
        assertEquals(-0.25f, r.readFloat());
        assertEquals(6.02e23, r.readDouble());
        assertEquals("stream \u4e2d", r.readString());
        assertNull(r.readString(), "a written null reads back as null");
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) r.readObject());
        byte[] buf = new byte[5];
        assertEquals(2, r.readBytes(buf));
        assertEquals(3, buf[0]);
        assertEquals(4, buf[1]);
        assertEquals(-1, r.readBytes(buf), "a byte[] field is finished by a -1 read");
        assertEquals(12L, r.readObject());
        assertThrows(MessageEOFException.class, r::readObject);
    }

    @Test
    void streamReadBytesInChunks() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeBytes(bytes(10));
        m.writeInt(5);
        StreamMessage r = roundTrip(m);
        byte[] buf = new byte[4];
        assertEquals(4, r.readBytes(buf));
        assertEquals(4, r.readBytes(buf));
        assertEquals(2, r.readBytes(buf));
        assertEquals(-1, r.readBytes(buf));
        assertEquals(5, r.readInt(), "the next field follows the byte[] field");
    }

    @Test
    void streamEmptyByteArrayField() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeBytes(new byte[0]);
        m.writeBoolean(true);
        StreamMessage r = roundTrip(m);
        byte[] buf = new byte[2];
        assertEquals(0, r.readBytes(buf), "an empty byte[] field reads as 0");
        assertEquals(-1, r.readBytes(buf));
        assertTrue(r.readBoolean());
    }

    @Test
    void streamWriteObjectRejectsOtherTypes() throws Exception {
        StreamMessage m = session.createStreamMessage();
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
        assertThrows(MessageFormatException.class, () -> m.writeObject(new HashMap<>()));
    }

    @Test
    void newStreamMessageIsWriteOnlyUntilReset() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeInt(1);
        assertThrows(MessageNotReadableException.class, m::readInt);
        m.reset();
        assertEquals(1, m.readInt());
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(2));
    }

    @Test
    void receivedStreamMessageIsReadOnlyUntilClearBody() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeString("a");
        StreamMessage r = roundTrip(m);
        assertThrows(MessageNotWriteableException.class, () -> r.writeString("b"));
        r.clearBody();
        assertThrows(MessageNotReadableException.class, r::readString);
        r.writeString("c");
        r.reset();
        assertEquals("c", r.readString());
    }

    @Test
    void streamGetBodyIsNotSupported() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeInt(1);
        StreamMessage r = roundTrip(m);
        assertFalse(r.isBodyAssignableTo(Object.class), "a StreamMessage body is assignable to nothing");
        assertThrows(MessageFormatException.class, () -> r.getBody(Object.class));
    }

    // ---- ObjectMessage ----

    @Test
    void objectRoundTrips() throws Exception {
        HashMap<String, List<Integer>> value = new HashMap<>();
        value.put("primes", new ArrayList<>(List.of(2, 3, 5, 7)));
        value.put("none", new ArrayList<>());
        ObjectMessage r = roundTrip(session.createObjectMessage(value));
        assertEquals(value, r.getObject());
        assertEquals(value, r.getBody(HashMap.class));
        assertTrue(r.isBodyAssignableTo(Serializable.class));
        assertTrue(r.isBodyAssignableTo(Map.class));
        assertFalse(r.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> r.getBody(String.class));
    }

    @Test
    void objectIsASnapshotTakenBySetObject() throws Exception {
        ArrayList<String> list = new ArrayList<>(List.of("before"));
        ObjectMessage m = session.createObjectMessage(list);
        list.add("after");
        @SuppressWarnings("unchecked")
        List<String> sent = (List<String>) roundTrip(m).getObject();
        assertEquals(List.of("before"), sent, "later changes to the object do not reach the message");
    }

    @Test
    void nullObjectRoundTrips() throws Exception {
        ObjectMessage r = roundTrip(session.createObjectMessage());
        assertNull(r.getObject());
        assertNull(r.getBody(String.class), "no body: getBody returns null for any type");
    }

    @Test
    void receivedObjectMessageIsReadOnlyUntilClearBody() throws Exception {
        ObjectMessage r = roundTrip(session.createObjectMessage("v"));
        assertThrows(MessageNotWriteableException.class, () -> r.setObject("w"));
        r.clearBody();
        assertNull(r.getObject());
        r.setObject("w");
        assertEquals("w", r.getObject());
    }

    @Test
    void everyBodyTypeKeepsItsInterface() throws Exception {
        producer.send(session.createTextMessage("t"));
        producer.send(session.createBytesMessage());
        producer.send(session.createMapMessage());
        producer.send(session.createStreamMessage());
        producer.send(session.createObjectMessage("o"));
        assertInstanceOf(TextMessage.class, receive(consumer));
        assertInstanceOf(BytesMessage.class, receive(consumer));
        assertInstanceOf(MapMessage.class, receive(consumer));
        assertInstanceOf(StreamMessage.class, receive(consumer));
        assertInstanceOf(ObjectMessage.class, receive(consumer));
    }

    @Test
    void messageOfAnotherImplementationIsSent() throws Exception {
        TextMessage foreign = ForeignTextMessage.create("foreign body");
        foreign.setStringProperty("origin", "elsewhere");
        foreign.setIntProperty("n", 5);
        foreign.setJMSType("foreign-type");
        producer.send(foreign);
        assertTrue(foreign.getJMSMessageID() != null && foreign.getJMSMessageID().startsWith("ID:"),
                "send sets JMSMessageID on the foreign message: " + foreign.getJMSMessageID());
        assertNotNull(foreign.getJMSDestination(), "send sets JMSDestination on the foreign message");
        TextMessage r = (TextMessage) receive(consumer);
        assertEquals("foreign body", r.getText());
        assertEquals("elsewhere", r.getStringProperty("origin"));
        assertEquals(5, r.getIntProperty("n"));
        assertEquals("foreign-type", r.getJMSType());
    }
}
