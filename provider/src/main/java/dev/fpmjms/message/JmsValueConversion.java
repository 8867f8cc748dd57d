package dev.fpmjms.message;

import jakarta.jms.MessageFormatException;

/**
 * The Jakarta Messaging conversion table shared by message properties, {@code MapMessage} items and
 * {@code StreamMessage} elements (spec 3.5.4 and 3.11.3):
 *
 * <pre>
 *            boolean byte short char int long float double String byte[]
 * boolean       X                                            X
 * byte                 X    X         X    X                 X
 * short                     X         X    X                 X
 * char                           X                           X
 * int                                 X    X                 X
 * long                                     X                 X
 * float                                          X     X     X
 * double                                               X     X
 * String        X      X    X         X    X     X     X     X
 * byte[]                                                            X
 * </pre>
 *
 * Rows are the stored types, columns the requested ones. A {@code null} (or missing) value is read
 * as {@code valueOf((String) null)} of the requested type: {@code false} for boolean,
 * {@code NumberFormatException} for the integral types, {@code NullPointerException} for float,
 * double and char, {@code null} for String and byte[]. Any other combination is a
 * {@link MessageFormatException} naming the value's place ({@code what}) and both types.
 *
 * <p>Stateless; all methods are static and thread-safe.
 */
final class JmsValueConversion {

    private JmsValueConversion() {
    }

    static boolean toBoolean(Object v, String what) throws MessageFormatException {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v == null || v instanceof String) {
            return Boolean.valueOf((String) v);
        }
        throw refused(v, "boolean", what);
    }

    static byte toByte(Object v, String what) throws MessageFormatException {
        if (v instanceof Byte) {
            return (Byte) v;
        }
        if (v == null || v instanceof String) {
            return Byte.valueOf((String) v);
        }
        throw refused(v, "byte", what);
    }

    static short toShort(Object v, String what) throws MessageFormatException {
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).shortValue();
        }
        if (v == null || v instanceof String) {
            return Short.valueOf((String) v);
        }
        throw refused(v, "short", what);
    }

    static char toChar(Object v, String what) throws MessageFormatException {
        if (v instanceof Character) {
            return (Character) v;
        }
        if (v == null) {
            throw new NullPointerException(what + " is null and cannot be read as a char");
        }
        throw refused(v, "char", what);
    }

    static int toInt(Object v, String what) throws MessageFormatException {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v == null || v instanceof String) {
            return Integer.valueOf((String) v);
        }
        throw refused(v, "int", what);
    }

    static long toLong(Object v, String what) throws MessageFormatException {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v == null || v instanceof String) {
            return Long.valueOf((String) v);
        }
        throw refused(v, "long", what);
    }

    static float toFloat(Object v, String what) throws MessageFormatException {
        if (v instanceof Float) {
            return (Float) v;
        }
        if (v == null || v instanceof String) {
            return Float.valueOf((String) v);
        }
        throw refused(v, "float", what);
    }

    static double toDouble(Object v, String what) throws MessageFormatException {
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v == null || v instanceof String) {
            return Double.valueOf((String) v);
        }
        throw refused(v, "double", what);
    }

    static String toText(Object v, String what) throws MessageFormatException {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof byte[]) {
            throw refused(v, "String", what);
        }
        return v.toString();
    }

    /** A copy of a byte[] value (the caller may change it), {@code null} for {@code null}. */
    static byte[] toBytes(Object v, String what) throws MessageFormatException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[]) {
            return ((byte[]) v).clone();
        }
        throw refused(v, "byte[]", what);
    }

    /** Whether {@code v} may be a property value: a primitive wrapper other than Character, or a String. */
    static boolean isPropertyValue(Object v) {
        return v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte;
    }

    /** Whether {@code v} may be a map item or stream element: a property value, a Character or a byte[]. */
    static boolean isBodyValue(Object v) {
        return isPropertyValue(v) || v instanceof Character || v instanceof byte[];
    }

    /** The value as a getter hands it out: byte[] copied, everything else immutable as is. */
    static Object exported(Object v) {
        return v instanceof byte[] ? ((byte[]) v).clone() : v;
    }

    static String typeName(Object v) {
        return v == null ? "null" : v instanceof byte[] ? "byte[]" : v.getClass().getSimpleName();
    }

    private static MessageFormatException refused(Object v, String target, String what) {
        return new MessageFormatException(what + " holds a " + typeName(v) + " which cannot be read as "
                + target + " (Jakarta Messaging conversion table)");
    }
}
