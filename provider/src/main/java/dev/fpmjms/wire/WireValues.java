package dev.fpmjms.wire;

import java.util.Base64;

/**
 * Strict parsing of the textual forms on the wire: integers in decimal with an optional minus,
 * floating point in Java's {@code toString} grammar, booleans as {@code true}/{@code false}.
 * {@code Long.parseLong} and {@code Double.parseDouble} alone are too lenient (a leading
 * {@code +}, blanks, hex floats, {@code d}/{@code f} suffixes), so the text is checked first.
 *
 * <p>Stateless; thread-safe.
 */
final class WireValues {

    private WireValues() {
    }

    static Object parse(WireType type, String text, String where) throws WireFormatException {
        switch (type) {
            case BOOLEAN:
                if (text.equals("true")) {
                    return Boolean.TRUE;
                }
                if (text.equals("false")) {
                    return Boolean.FALSE;
                }
                throw new WireFormatException(where + ": boolean value " + WireFormatException.quote(text) + " is not 'true' or 'false'");
            case BYTE:
                return (byte) integer(text, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte", where);
            case SHORT:
                return (short) integer(text, Short.MIN_VALUE, Short.MAX_VALUE, "short", where);
            case INT:
                return (int) integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE, "int", where);
            case LONG:
                return integer(text, Long.MIN_VALUE, Long.MAX_VALUE, "long", where);
            case FLOAT:
                checkDecimal(text, "float", where);
                return Float.parseFloat(text);
            case DOUBLE:
                checkDecimal(text, "double", where);
                return Double.parseDouble(text);
            case STRING:
                return text;
            case WTF8:
                return PercentEncoding.decode(text, where);
            case CHAR:
                return (char) integer(text, Character.MIN_VALUE, Character.MAX_VALUE, "char", where);
            case BYTES:
                try {
                    return Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw new WireFormatException(where + ": bytes value is not standard base64: " + e.getMessage(), e);
                }
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * Parses a decimal integer within {@code min..max}.
     *
     * @param typeName names the type in the error message
     */
    static long integer(String text, long min, long max, String typeName, String where) throws WireFormatException {
        int n = text.length();
        int start = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        boolean ok = n > start && n - start <= 19;
        for (int i = start; ok && i < n; i++) {
            char c = text.charAt(i);
            ok = c >= '0' && c <= '9';
        }
        long v = 0;
        if (ok) {
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok || v < min || v > max) {
            throw new WireFormatException(where + ": " + typeName + " value " + WireFormatException.quote(text)
                    + " is not a decimal integer in " + min + ".." + max);
        }
        return v;
    }

    private static void checkDecimal(String text, String typeName, String where) throws WireFormatException {
        if (!isDecimal(text)) {
            throw new WireFormatException(where + ": " + typeName + " value " + WireFormatException.quote(text)
                    + " is not a decimal number, NaN, Infinity or -Infinity");
        }
    }

    /** {@code NaN | -?Infinity | -?digits(.digits)?([eE][+-]?digits)?} */
    static boolean isDecimal(String s) {
        if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
            return true;
        }
        int n = s.length();
        int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        int d = digits(s, i);
        if (d == i) {
            return false;
        }
        i = d;
        if (i < n && s.charAt(i) == '.') {
            d = digits(s, i + 1);
            if (d == i + 1) {
                return false;
            }
            i = d;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            d = digits(s, i);
            if (d == i) {
                return false;
            }
            i = d;
        }
        return i == n;
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
