package dev.fpmjms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

/** BytesMessage: DataOutputStream compatibility, modes, readBytes, EOF, writeObject, getBody, buffers. */
class BytesMessageTest {

    private static final String UNICODE = "a\u0000\u00e9\u07ff\u0800\u4e2d\uffff\ud83d\ude00";

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static FpmBytesMessage writeAllTypes() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeBoolean(true);
        m.writeBoolean(false);
        m.writeByte((byte) -128);
        m.writeShort((short) -2);
        m.writeChar('\u4e2d');
        m.writeInt(Integer.MIN_VALUE);
        m.writeLong(Long.MIN_VALUE);
        m.writeFloat(Float.NaN);
        m.writeDouble(-0.0d);
        m.writeUTF(UNICODE);
        m.writeUTF("");
        m.writeBytes(allBytes());
        m.writeBytes(new byte[] {9, 8, 7, 6}, 1, 2);
        return m;
    }

    private static byte[] writeAllTypesWithDataOutputStream() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeBoolean(true);
        out.writeBoolean(false);
        out.writeByte(-128);
        out.writeShort(-2);
        out.writeChar('\u4e2d');
        out.writeInt(Integer.MIN_VALUE);
        out.writeLong(Long.MIN_VALUE);
        out.writeFloat(Float.NaN);
        out.writeDouble(-0.0d);
        out.writeUTF(UNICODE);
        out.writeUTF("");
        out.write(allBytes());
        out.write(new byte[] {9, 8, 7, 6}, 1, 2);
        return bos.toByteArray();
    }

    @Test
    void bodyIsByteForByteWhatDataOutputStreamWrites() throws Exception {
        FpmBytesMessage m = writeAllTypes();
        m.reset();
        assertArrayEquals(writeAllTypesWithDataOutputStream(), m.getBody(byte[].class));
    }

    @Test
    void readsBackEveryTypeAndDataInputStreamAgrees() throws Exception {
        FpmBytesMessage m = writeAllTypes();
        m.reset();
        assertEquals(writeAllTypesWithDataOutputStream().length, m.getBodyLength());
        assertTrue(m.readBoolean());
        assertFalse(m.readBoolean());
        assertEquals((byte) -128, m.readByte());
        assertEquals((short) -2, m.readShort());
        assertEquals('\u4e2d', m.readChar());
        assertEquals(Integer.MIN_VALUE, m.readInt());
        assertEquals(Long.MIN_VALUE, m.readLong());
        assertTrue(Float.isNaN(m.readFloat()));
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits(m.readDouble()));
        assertEquals(UNICODE, m.readUTF());
        assertEquals("", m.readUTF());
        byte[] all = new byte[256];
        assertEquals(256, m.readBytes(all));
        assertArrayEquals(allBytes(), all);
        byte[] tail = new byte[5];
        assertEquals(2, m.readBytes(tail));
        assertEquals(8, tail[0]);
        assertEquals(7, tail[1]);
        assertEquals(-1, m.readBytes(tail));

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(m.getBody(byte[].class)));
        assertTrue(in.readBoolean());
        in.skipBytes(1 + 1 + 2 + 2 + 4 + 8 + 4 + 8);
        assertEquals(UNICODE, in.readUTF());
    }

    @Test
    void unsignedReads() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeByte((byte) 0xFF);
        m.writeShort((short) 0xFFFE);
        m.reset();
        assertEquals(255, m.readUnsignedByte());
        assertEquals(65534, m.readUnsignedShort());
        m.reset();
        assertEquals(-1, m.readByte());
        assertEquals(-2, m.readShort());
    }

    @Test
    void readingPastTheEndThrowsMessageEOFAndKeepsThePosition() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeShort((short) 7);
        m.writeByte((byte) 1);
        m.reset();
        assertThrows(MessageEOFException.class, m::readInt);
        assertThrows(MessageEOFException.class, m::readLong);
        assertThrows(MessageEOFException.class, m::readDouble);
        assertEquals(7, m.readShort(), "a failed read does not move the position");
        assertThrows(MessageEOFException.class, m::readShort);
        assertThrows(MessageEOFException.class, m::readChar);
        assertThrows(MessageEOFException.class, m::readUTF);
        assertEquals(1, m.readByte());
        assertThrows(MessageEOFException.class, m::readByte);
        assertThrows(MessageEOFException.class, m::readBoolean);
        assertThrows(MessageEOFException.class, m::readUnsignedByte);
        assertThrows(MessageEOFException.class, m::readUnsignedShort);
        assertThrows(MessageEOFException.class, m::readFloat);
        assertEquals(-1, m.readBytes(new byte[1]));
    }

    @Test
    void truncatedUtfIsEof() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeShort((short) 10);
        m.writeByte((byte) 'a');
        m.reset();
        assertThrows(MessageEOFException.class, m::readUTF);
    }

    @Test
    void malformedUtfIsAFormatError() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeShort((short) 1);
        m.writeByte((byte) 0xC0);
        m.reset();
        assertThrows(MessageFormatException.class, m::readUTF);
    }

    @Test
    void writeUtfOverTheLimitNamesIt() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> m.writeUTF("\u4e2d".repeat(21846)));
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
        m.writeUTF("a".repeat(65535));
        m.reset();
        assertEquals(65537, m.getBodyLength());
    }

    @Test
    void readBytesFillsThenReturnsShortCountThenMinusOne() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.reset();
        byte[] buf = new byte[2];
        assertEquals(2, m.readBytes(buf));
        assertArrayEquals(new byte[] {1, 2}, buf);
        assertEquals(2, m.readBytes(buf));
        assertArrayEquals(new byte[] {3, 4}, buf);
        assertEquals(1, m.readBytes(buf));
        assertEquals(5, buf[0]);
        assertEquals(-1, m.readBytes(buf));

        m.reset();
        byte[] exact = new byte[5];
        assertEquals(5, m.readBytes(exact));
        assertEquals(-1, m.readBytes(exact));
    }

    @Test
    void readBytesWithLength() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        m.reset();
        byte[] buf = new byte[10];
        assertEquals(2, m.readBytes(buf, 2));
        assertEquals(0, buf[2]);
        assertEquals(1, m.readBytes(buf, 10));
        assertEquals(3, buf[0]);
        assertEquals(-1, m.readBytes(buf, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, -1));
    }

    @Test
    void writeBytesRangeIsChecked() {
        FpmBytesMessage m = new FpmBytesMessage();
        assertThrows(IndexOutOfBoundsException.class, () -> m.writeBytes(new byte[3], 2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> m.writeBytes(new byte[3], -1, 1));
    }

    @Test
    void writeObjectAcceptsWrappersStringAndBytes() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        for (Object o : List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s", new byte[] {7, 8})) {
            m.writeObject(o);
        }
        m.reset();
        assertTrue(m.readBoolean());
        assertEquals(1, m.readByte());
        assertEquals(2, m.readShort());
        assertEquals('c', m.readChar());
        assertEquals(3, m.readInt());
        assertEquals(4L, m.readLong());
        assertEquals(5f, m.readFloat());
        assertEquals(6d, m.readDouble());
        assertEquals("s", m.readUTF());
        assertEquals(7, m.readByte());
        assertEquals(8, m.readByte());
        assertThrows(MessageEOFException.class, m::readByte);
    }

    @Test
    void writeObjectRefusesNullAndOtherTypes() {
        FpmBytesMessage m = new FpmBytesMessage();
        assertThrows(NullPointerException.class, () -> m.writeObject(null));
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> m.writeObject(new java.util.Date()));
        assertTrue(e.getMessage().contains("java.util.Date"), e.getMessage());
        assertThrows(MessageFormatException.class, () -> m.writeObject(List.of()));
    }

    @Test
    void newMessageIsWriteOnlyAndResetMakesItReadOnly() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        assertThrows(MessageNotReadableException.class, m::readByte);
        assertThrows(MessageNotReadableException.class, m::readBoolean);
        assertThrows(MessageNotReadableException.class, m::readUTF);
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1]));
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1], 1));
        assertThrows(MessageNotReadableException.class, m::getBodyLength);
        m.writeInt(1);
        m.reset();
        assertEquals(4, m.getBodyLength());
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(2));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBoolean(true));
        assertThrows(MessageNotWriteableException.class, () -> m.writeUTF("x"));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1], 0, 1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeObject(1));
        assertEquals(1, m.readInt());
        m.reset();
        assertEquals(1, m.readInt(), "reset rewinds");
    }

    @Test
    void clearBodyEmptiesAndMakesItWriteOnly() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeInt(1);
        m.reset();
        m.clearBody();
        assertThrows(MessageNotReadableException.class, m::readInt);
        m.writeByte((byte) 5);
        m.reset();
        assertEquals(1, m.getBodyLength());
        assertEquals(5, m.readByte());
    }

    @Test
    void getBodyResetsBeforeAndAfterAndCopies() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        byte[] body = m.getBody(byte[].class);
        assertArrayEquals(new byte[] {1, 2, 3}, body);
        assertEquals(1, m.readByte(), "getBody left the message reset, readable from the start");
        body[0] = 99;
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) m.getBody(Object.class));
        assertTrue(m.isBodyAssignableTo(byte[].class));
        assertTrue(m.isBodyAssignableTo(Object.class));
        assertFalse(m.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(String.class));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) m.getBody(Serializable.class), "byte[] is Serializable");
        assertThrows(MessageFormatException.class, () -> m.getBody(Number.class));
    }

    @Test
    void emptyBodyGetsNullForAnyType() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        assertNull(m.getBody(String.class));
        assertNull(m.getBody(byte[].class));
        assertTrue(m.isBodyAssignableTo(Map.class));
    }

    @Test
    void receivedMessageReadsTheEnvelopeArrayInPlaceAndNeverWritesIt() throws Exception {
        byte[] wire = allBytes();
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.BYTES, wire).deliveryCount(1).build();
        FpmBytesMessage m = (FpmBytesMessage) FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER, List.of());
        assertEquals(256, m.getBodyLength());
        assertEquals(0, m.readByte());
        assertThrows(MessageNotWriteableException.class, () -> m.writeByte((byte) 1));
        assertSame(wire, m.envelopeBody(), "a received body goes back out without a copy");

        m.clearBody();
        m.writeByte((byte) 42);
        m.reset();
        assertEquals(42, m.readByte());
        assertArrayEquals(allBytes(), wire, "the envelope's array was not touched");
    }

    @Test
    void snapshotIsNeverWrittenAgainCopyOnWrite() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeBytes(new byte[] {1, 2});
        byte[] first = (byte[]) m.envelopeBody();
        assertArrayEquals(new byte[] {1, 2}, first);
        assertSame(first, m.envelopeBody(), "unchanged body: the same array again, no copy");
        m.writeByte((byte) 3);
        byte[] second = (byte[]) m.envelopeBody();
        assertNotSame(first, second);
        assertArrayEquals(new byte[] {1, 2}, first, "the handed-out array was not written");
        assertArrayEquals(new byte[] {1, 2, 3}, second);
        m.reset();
        assertEquals(3, m.getBodyLength());
    }

    @Test
    void largeBodyGrowsCorrectly() throws Exception {
        FpmBytesMessage m = new FpmBytesMessage();
        for (int i = 0; i < 100_000; i++) {
            m.writeInt(i);
        }
        m.reset();
        assertEquals(400_000, m.getBodyLength());
        for (int i = 0; i < 100_000; i++) {
            if (m.readInt() != i) {
                throw new AssertionError("at " + i);
            }
        }
        assertThrows(MessageEOFException.class, m::readInt);
    }
}
