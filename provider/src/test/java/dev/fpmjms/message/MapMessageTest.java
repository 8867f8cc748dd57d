package dev.fpmjms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

/** MapMessage: conversion table, names, null items, byte[] copies, read-only, getBody. */
class MapMessageTest {

    static Object read(FpmMapMessage m, String name, ConversionTable.Read type) throws Exception {
        switch (type) {
            case BOOLEAN: return m.getBoolean(name);
            case BYTE: return m.getByte(name);
            case SHORT: return m.getShort(name);
            case CHAR: return m.getChar(name);
            case INT: return m.getInt(name);
            case LONG: return m.getLong(name);
            case FLOAT: return m.getFloat(name);
            case DOUBLE: return m.getDouble(name);
            case STRING: return m.getString(name);
            case BYTES: return m.getBytes(name);
            default: throw new AssertionError(type);
        }
    }

    static void setTyped(FpmMapMessage m, String name, Object v) throws Exception {
        if (v instanceof Boolean) {
            m.setBoolean(name, (Boolean) v);
        } else if (v instanceof Byte) {
            m.setByte(name, (Byte) v);
        } else if (v instanceof Short) {
            m.setShort(name, (Short) v);
        } else if (v instanceof Character) {
            m.setChar(name, (Character) v);
        } else if (v instanceof Integer) {
            m.setInt(name, (Integer) v);
        } else if (v instanceof Long) {
            m.setLong(name, (Long) v);
        } else if (v instanceof Float) {
            m.setFloat(name, (Float) v);
        } else if (v instanceof Double) {
            m.setDouble(name, (Double) v);
        } else if (v instanceof String) {
            m.setString(name, (String) v);
        } else {
            m.setBytes(name, (byte[]) v);
        }
    }

    @Test
    void everyCellOfTheConversionTable() throws Exception {
        int allowed = 0;
        int cells = 0;
        for (Object stored : ConversionTable.ALLOWED.keySet()) {
            FpmMapMessage typed = new FpmMapMessage();
            setTyped(typed, "v", stored);
            FpmMapMessage object = new FpmMapMessage();
            object.setObject("v", stored);
            for (FpmMapMessage m : List.of(typed, object)) {
                for (ConversionTable.Read type : ConversionTable.Read.values()) {
                    cells++;
                    if (ConversionTable.checkCell(stored, type, t -> read(m, "v", t))) {
                        allowed++;
                    }
                }
            }
        }
        assertEquals(200, cells);
        // per message: boolean 2, byte 5, short 4, char 2, int 3, long 2, float 3, double 2, String 8, byte[] 1
        assertEquals(64, allowed);
    }

    @Test
    void getObjectReturnsTheStoredWrapperType() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        for (Object stored : ConversionTable.ALLOWED.keySet()) {
            m.setObject("v", stored);
            Object back = m.getObject("v");
            assertSame(stored.getClass(), back.getClass());
            if (stored instanceof byte[]) {
                assertArrayEquals((byte[]) stored, (byte[]) back);
            } else {
                assertEquals(stored, back);
            }
        }
    }

    @Test
    void missingItemsReadAsValueOfNull() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        assertFalse(m.getBoolean("x"));
        assertThrows(NumberFormatException.class, () -> m.getByte("x"));
        assertThrows(NumberFormatException.class, () -> m.getShort("x"));
        assertThrows(NumberFormatException.class, () -> m.getInt("x"));
        assertThrows(NumberFormatException.class, () -> m.getLong("x"));
        assertThrows(NullPointerException.class, () -> m.getFloat("x"));
        assertThrows(NullPointerException.class, () -> m.getDouble("x"));
        assertThrows(NullPointerException.class, () -> m.getChar("x"));
        assertNull(m.getString("x"));
        assertNull(m.getBytes("x"));
        assertNull(m.getObject("x"));
        assertFalse(m.itemExists("x"));
    }

    @Test
    void nullItemsExistAndReadAsNull() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        m.setString("s", null);
        m.setBytes("b", null);
        m.setObject("o", null);
        assertTrue(m.itemExists("s"));
        assertTrue(m.itemExists("b"));
        assertTrue(m.itemExists("o"));
        assertNull(m.getString("s"));
        assertNull(m.getBytes("b"));
        assertNull(m.getObject("o"));
        assertThrows(NumberFormatException.class, () -> m.getInt("s"));
        assertEquals(List.of("s", "b", "o"), Collections.list(m.getMapNames()));
    }

    @Test
    void namesAreInInsertionOrder() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        m.setInt("z", 1);
        m.setInt("a", 2);
        m.setInt("z", 3);
        assertEquals(List.of("z", "a"), Collections.list(m.getMapNames()));
        assertEquals(3, m.getInt("z"));
        assertTrue(m.itemExists("a"));
    }

    @Test
    void nullOrEmptyNamesAreIllegal() {
        FpmMapMessage m = new FpmMapMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setInt(null, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setString("", "v"));
        assertThrows(IllegalArgumentException.class, () -> m.setBytes(null, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> m.setBytes("", new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setObject(null, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setBoolean("", true));
        assertThrows(IllegalArgumentException.class, () -> m.setChar(null, 'c'));
    }

    @Test
    void namesWithAnUnpairedSurrogateAreRefusedNotRenamed() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> m.setString("x\uD800", "v"));
        assertTrue(high.getMessage().contains("unpaired surrogate (U+D800) at index 1"), high.getMessage());
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> m.setInt("\uDC00y", 1));
        assertTrue(low.getMessage().contains("at index 0"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.setObject("a\uDBFF", 1));
        assertThrows(IllegalArgumentException.class, () -> m.setBytes("\uD800\uD800", new byte[1], 0, 1));
        assertFalse(m.getMapNames().hasMoreElements(), "nothing stored under another name");
        m.setString("pair\uD83D\uDE00", "ok");
        assertEquals("ok", m.getString("pair\uD83D\uDE00"), "a surrogate pair is a well-formed name");
    }

    @Test
    void anyNonEmptyNameIsAllowed() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        m.setInt("has space-and.dots", 1);
        m.setInt("NULL", 2);
        assertEquals(1, m.getInt("has space-and.dots"));
        assertEquals(2, m.getInt("NULL"));
    }

    @Test
    void bytesAreCopiedInAndOut() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        byte[] in = {1, 2, 3, 4, 5};
        m.setBytes("all", in);
        m.setBytes("part", in, 1, 3);
        m.setBytes("none", in, 5, 0);
        in[0] = 99;
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, m.getBytes("all"));
        assertArrayEquals(new byte[] {2, 3, 4}, m.getBytes("part"));
        assertArrayEquals(new byte[0], m.getBytes("none"));
        m.getBytes("all")[0] = 42;
        ((byte[]) m.getObject("all"))[1] = 42;
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, m.getBytes("all"));
        assertThrows(IndexOutOfBoundsException.class, () -> m.setBytes("bad", in, 4, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> m.setBytes("bad", in, -1, 2));
        assertFalse(m.itemExists("bad"));
    }

    @Test
    void setObjectRefusesOtherTypes() {
        FpmMapMessage m = new FpmMapMessage();
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> m.setObject("x", new StringBuilder("s")));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("StringBuilder"), e.getMessage());
        assertThrows(MessageFormatException.class, () -> m.setObject("x", new HashMap<>()));
        assertThrows(MessageFormatException.class, () -> m.setObject("x", new int[1]));
        assertFalse(m.itemExists("x"));
    }

    @Test
    void receivedMapIsReadOnlyUntilClearBody() throws Exception {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("a", 1);
        wire.put("b", new byte[] {1});
        FpmEnvelope env = FpmEnvelope.builder(DestinationRef.queue("q")).body(BodyType.MAP, wire).deliveryCount(1).build();
        FpmMapMessage m = (FpmMapMessage) FpmMessageConverter.fromEnvelope(env, TestDestinations.MAPPER, List.of());
        assertEquals(1, m.getInt("a"));
        assertThrows(MessageNotWriteableException.class, () -> m.setInt("a", 2));
        assertThrows(MessageNotWriteableException.class, () -> m.setString("c", "v"));
        assertThrows(MessageNotWriteableException.class, () -> m.setBytes("c", new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.setBytes("c", new byte[1], 0, 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setObject("c", 1));
        assertThrows(MessageNotWriteableException.class, () -> m.setObject("c", new Object()));
        m.getBytes("b")[0] = 9;
        assertArrayEquals(new byte[] {1}, (byte[]) wire.get("b"));

        m.clearBody();
        assertFalse(m.itemExists("a"));
        m.setInt("c", 3);
        assertEquals(3, m.getInt("c"));
        assertEquals(2, wire.size(), "the envelope's map was not touched");
        assertFalse(wire.containsKey("c"));
    }

    @Test
    void getBodyIsACopyAsMap() throws Exception {
        FpmMapMessage m = new FpmMapMessage();
        assertNull(m.getBody(String.class), "no items: null for any type");
        assertTrue(m.isBodyAssignableTo(String.class));
        m.setInt("i", 1);
        m.setBytes("b", new byte[] {5});
        @SuppressWarnings("unchecked")
        Map<String, Object> body = m.getBody(Map.class);
        assertEquals(1, body.get("i"));
        assertArrayEquals(new byte[] {5}, (byte[]) body.get("b"));
        body.put("i", 2);
        ((byte[]) body.get("b"))[0] = 6;
        assertEquals(1, m.getInt("i"));
        assertArrayEquals(new byte[] {5}, m.getBytes("b"));
        assertTrue(m.getBody(Object.class) instanceof Map);
        assertTrue(m.isBodyAssignableTo(Map.class));
        assertTrue(m.isBodyAssignableTo(Object.class));
        assertFalse(m.isBodyAssignableTo(HashMap.class));
        assertFalse(m.isBodyAssignableTo(String.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(HashMap.class));
        assertThrows(MessageFormatException.class, () -> m.getBody(byte[].class));
    }
}
