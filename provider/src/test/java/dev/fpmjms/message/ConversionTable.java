package dev.fpmjms.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.jms.MessageFormatException;

/**
 * The Jakarta Messaging conversion table (spec 3.5.4 / 3.11.3), written out literally for the tests:
 * for each stored type, the types it may be read as. Every other cell must fail with
 * MessageFormatException.
 */
final class ConversionTable {

    enum Read { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, BYTES }

    /** What one read returns; implemented by the property, map and stream tests. */
    interface Reader {
        Object read(Read type) throws Exception;
    }

    /** Sample values, one per stored type, chosen so that every allowed conversion is exact. */
    static final Map<Object, Set<Read>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put(Boolean.TRUE, EnumSet.of(Read.BOOLEAN, Read.STRING));
        ALLOWED.put((byte) -7, EnumSet.of(Read.BYTE, Read.SHORT, Read.INT, Read.LONG, Read.STRING));
        ALLOWED.put((short) -300, EnumSet.of(Read.SHORT, Read.INT, Read.LONG, Read.STRING));
        ALLOWED.put('\u00e9', EnumSet.of(Read.CHAR, Read.STRING));
        ALLOWED.put(70000, EnumSet.of(Read.INT, Read.LONG, Read.STRING));
        ALLOWED.put(5000000000L, EnumSet.of(Read.LONG, Read.STRING));
        ALLOWED.put(1.5f, EnumSet.of(Read.FLOAT, Read.DOUBLE, Read.STRING));
        ALLOWED.put(2.25d, EnumSet.of(Read.DOUBLE, Read.STRING));
        ALLOWED.put("42", EnumSet.of(Read.BOOLEAN, Read.BYTE, Read.SHORT, Read.INT, Read.LONG, Read.FLOAT,
                Read.DOUBLE, Read.STRING));
        ALLOWED.put(new byte[] {1, 2, 3}, EnumSet.of(Read.BYTES));
    }

    /** Property values: no char, no byte[] (and no char/byte[] reads). */
    static final List<Read> PROPERTY_READS = List.of(Read.BOOLEAN, Read.BYTE, Read.SHORT, Read.INT, Read.LONG,
            Read.FLOAT, Read.DOUBLE, Read.STRING);

    private ConversionTable() {
    }

    static boolean isPropertyType(Object v) {
        return !(v instanceof Character) && !(v instanceof byte[]);
    }

    /** The value an allowed read of {@code stored} as {@code type} must return. */
    static Object expected(Object stored, Read type) {
        if (type == Read.STRING) {
            return String.valueOf(stored);
        }
        if (stored instanceof String) {
            String s = (String) stored;
            switch (type) {
                case BOOLEAN: return Boolean.valueOf(s);
                case BYTE: return Byte.valueOf(s);
                case SHORT: return Short.valueOf(s);
                case INT: return Integer.valueOf(s);
                case LONG: return Long.valueOf(s);
                case FLOAT: return Float.valueOf(s);
                case DOUBLE: return Double.valueOf(s);
                default: throw new AssertionError(type);
            }
        }
        if (stored instanceof Number) {
            Number n = (Number) stored;
            switch (type) {
                case BYTE: return n.byteValue();
                case SHORT: return n.shortValue();
                case INT: return n.intValue();
                case LONG: return n.longValue();
                case FLOAT: return n.floatValue();
                case DOUBLE: return n.doubleValue();
                default: throw new AssertionError(type);
            }
        }
        return stored;
    }

    /**
     * Checks one cell: an allowed read returns the expected value (boxed as {@code type} says), a
     * refused one throws MessageFormatException naming the source type. Returns whether allowed.
     */
    static boolean checkCell(Object stored, Read type, Reader reader) throws Exception {
        boolean allowed = ALLOWED.get(stored).contains(type);
        String cell = JmsValueConversion.typeName(stored) + " -> " + type;
        if (allowed) {
            Object actual = reader.read(type);
            Object expected = expected(stored, type);
            if (expected instanceof byte[]) {
                assertArrayEquals((byte[]) expected, (byte[]) actual, cell);
            } else {
                assertEquals(expected, actual, cell);
            }
        } else {
            MessageFormatException e = assertThrows(MessageFormatException.class, () -> reader.read(type), cell);
            assertTrue(e.getMessage().contains(JmsValueConversion.typeName(stored)), e.getMessage());
        }
        return allowed;
    }
}
