package dev.fpmjms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

/** StreamMessage: conversion table, failed reads keep the position, readBytes chunks, modes. */
class StreamMessageTest {

    static Object read(FpmStreamMessage m, ConversionTable.Read type) throws Exception {
        switch (type) {
            case BOOLEAN: return m.readBoolean();
            case BYTE: return m.readByte();
            case SHORT: return m.readShort();
            case CHAR: return m.readChar();
            case INT: return m.readInt();
            case LONG: return m.readLong();
            case FLOAT: return m.readFloat();
            case DOUBLE: return m.readDouble();
            case STRING: return m.readString();
            case BYTES: {
                byte[] buf = new byte[16];
                int n = m.readBytes(buf);
                return Arrays.copyOf(buf, n);
            }
            default: throw new AssertionError(type);
        }
    }

    static void writeTyped(FpmStreamMessage m, Object v) throws Exception {
        if (v instanceof Boolean) {
            m.writeBoolean((Boolean) v);
        } else if (v instanceof Byte) {
            m.writeByte((Byte) v);
        } else if (v instanceof Short) {
            m.writeShort((Short) v);
        } else if (v instanceof Character) {
            m.writeChar((Character) v);
        } else if (v instanceof Integer) {
            m.writeInt((Integer) v);
        } else if (v instanceof Long) {
            m.writeLong((Long) v);
        } else if (v instanceof Float) {
            m.writeFloat((Float) v);
        } else if (v instanceof Double) {
            m.writeDouble((Double) v);
        } else if (v instanceof String) {
            m.writeString((String) v);
        } else {
            m.writeBytes((byte[]) v);
        }
    }

    @Test
    void everyCellOfTheConversionTableAndFailedReadsDoNotAdvance() throws Exception {
        int allowed = 0;
        int cells = 0;
        for (Object stored : ConversionTable.ALLOWED.keySet()) {
            for (boolean viaObject : new boolean[] {false, true}) {
                for (ConversionTable.Read type : ConversionTable.Read.values()) {
                    FpmStreamMessage m = new FpmStreamMessage();
                    if (viaObject) {
                        m.writeObject(stored);
                    } else {
                        writeTyped(m, stored);
                    }
                    m.writeString("next");
                    m.reset();
                    cells++;
                    if (ConversionTable.checkCell(stored, type, t -> read(m, t))) {
                        allowed++;
                    } else {
                        Object again = m.readObject();
                        if (stored instanceof byte[]) {
                            assertArrayEquals((byte[]) stored, (byte[]) again, "position kept after refused " + type);
                        } else {
                            assertEquals(stored, again, "position kept after refused " + type);
                        }
                    }
                    assertEquals("next", m.readString(), "one element consumed by " + type);
                    assertThrows(MessageEOFException.class, m::readObject);
                }
            }
        }
        assertEquals(200, cells);
        assertEquals(64, allowed);
    }

    @Test
    void numberFormatFailureKeepsThePosition() throws Exception {
        FpmStreamMessage m = new FpmStreamMessage();
        m.writeString("abc");
        m.reset();
        assertThrows(NumberFormatException.class, m::readInt);
        assertThrows(NumberFormatException.class, m::readLong);
        assertThrows(NumberFormatException.class, m::readDouble);
        assertFalse(m.readBoolean(), "re-read as another type");
        assertThrows(MessageEOFException.class, m::readString);
    }

    @Test
    void nullElementsReadAsValueOfNull() throws Exception {
        FpmStreamMessage m = new FpmStreamMessage();
        for (int i = 0; i < 4; i++) {
            m.writeObject(null);
        }
        m.writeString(null);
        m.writeBytes(null);
        m.reset();
        assertThrows(NumberFormatException.class, m::readInt);
        assertThrows(NumberFormatException.class, m::readByte);
        assertThrows(NumberFormatException.class, m::readShort);
        assertThrows(NumberFormatException.class, m::readLong);
        assertThrows(NullPointerException.class, m::readFloat);
        assertThrows(NullPointerException.class, m::readDouble);
        assertThrows(NullPointerException.class, m::readChar);
        assertFalse(m.readBoolean());
        assertNull(m.readString());
        assertNull(m.readObject());
        assertEquals(-1, m.readBytes(new byte[4]), "null byte[] element reads as -1");
        assertNull(m.readObject());
        assertNull(m.readObject());
        assertThrows(MessageEOFException.class, m::readObject);
    }

    @Test
    void readBytesInChunks() throws Exception {
        // As the reference implementation: a byte[] element ends with a -1 call (after a short
        // chunk too), except that another type may be read once the bytes are all read.
        FpmStreamMessage m = new FpmStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5});
        m.writeBytes(new byte[] {6, 7, 8, 9}, 1, 2);
        m.writeBytes(new byte[0]);
        m.writeInt(10);
        m.reset();
        byte[] buf = new byte[2];
        assertEquals(2, m.readBytes(buf));
        assertArrayEquals(new byte[] {1, 2}, buf);
        MessageFormatException mid = assertThrows(MessageFormatException.class, m::readInt);
        assertTrue(mid.getMessage().contains("partly read"), mid.getMessage());
        assertEquals(2, m.readBytes(buf));
        assertArrayEquals(new byte[] {3, 4}, buf);
        assertEquals(1, m.readBytes(buf));
        assertEquals(5, buf[0]);
        assertEquals(-1, m.readBytes(buf), "the element read to its end: the following call returns -1");
        assertEquals(2, m.readBytes(buf), "next element, exactly the buffer's size");
        assertArrayEquals(new byte[] {7, 8}, buf);
        assertEquals(-1, m.readBytes(buf), "exact fit: the following call ends the element with -1");
        assertEquals(0, m.readBytes(buf), "empty element reads as 0");
        assertEquals(-1, m.readBytes(buf), "and then -1");
        MessageFormatException notBytes = assertThrows(MessageFormatException.class, () -> m.readBytes(buf));
        assertTrue(notBytes.getMessage().contains("Integer"), notBytes.getMessage());
        assertEquals(10, m.readInt());
        assertThrows(MessageEOFException.class, () -> m.readBytes(buf));
    }

    @Test
    void readObjectGivesCopiesOfByteArrays() throws Exception {
        byte[] in = {1, 2};
        FpmStreamMessage m = new FpmStreamMessage();
        m.writeBytes(in);
        in[0] = 9;
        m.reset();
        byte[] out = (byte[]) m.readObject();
        assertArrayEquals(new byte[] {1, 2}, out);
        out[1] = 9;
        m.reset();
        assertArrayEquals(new byte[] {1, 2}, (byte[]) m.readObject());
    }

    @Test
    void writeObjectTypes() throws Exception {
        FpmStreamMessage m = new FpmStreamMessage();
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> m.writeObject(new ArrayList<>()));
        assertTrue(e.getMessage().contains("java.util.ArrayList"), e.getMessage());
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
        assertThrows(IndexOutOfBoundsException.class, () -> m.writeBytes(new byte[2], 1, 2));
        m.writeObject('x');
        m.reset();
        assertEquals('x', m.readChar());
        assertThrows(MessageEOFException.class, m::readChar);
    }

    @Test
    void writeOnlyUntilResetThenReadOnly() throws Exception {
        FpmStreamMessage m = new FpmStreamMessage();
        assertThrows(MessageNotReadableException.class, m::readObject);
        assertThrows(MessageNotReadableException.class, m::readInt);
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1]));
        m.writeInt(1);
        m.reset();
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(2));
        assertThrows(MessageNotWriteableException.class, () -> m.writeObject(2));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1], 0, 1));
        assertThrows(MessageNotWriteableException.class, () -> m.writeString("s"));
        assertEquals(1, m.readInt());
        m.reset();
        assertEquals("1", m.readString());
        m.clearBody();
        assertThrows(MessageNotReadableException.class, m::readObject);
        m.writeBoolean(true);
        m.reset();
        assertTrue(m.readBoolean());
        assertThrows(MessageEOFException.class, m::readBoolean);
    }

    @Test
    void receivedStreamReadsTheEnvelopeListAndNeverChangesIt() throws Exception {
        List<Object> wire = new ArrayList<>(Arrays.asList(1, null, "s", new byte[] {3}));
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.STREAM, wire).deliveryCount(1).build();
        FpmStreamMessage m = (FpmStreamMessage) FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER, List.of());
        assertEquals(1L, m.readLong());
        assertNull(m.readObject());
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(1));
        assertSame(wire, m.envelopeBody(), "read-only: shared, not copied");
        m.clearBody();
        m.writeInt(5);
        assertEquals(4, wire.size());
        assertEquals(List.of(5), m.envelopeBody());
    }

    @Test
    void getBodyIsRefused() throws Exception {
        FpmStreamMessage m = new FpmStreamMessage();
        assertThrows(MessageFormatException.class, () -> m.getBody(Object.class));
        assertFalse(m.isBodyAssignableTo(Object.class));
        m.writeInt(1);
        assertThrows(MessageFormatException.class, () -> m.getBody(List.class));
        assertFalse(m.isBodyAssignableTo(List.class));
    }

    @Test
    void anotherTypeMayBeReadOnceTheBytesAreAllRead() throws Exception {
        FpmStreamMessage m = new FpmStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        m.writeBoolean(true);
        m.reset();
        assertEquals(3, m.readBytes(new byte[8]));
        assertTrue(m.readBoolean(), "no -1 call is needed before another type");
    }
}
