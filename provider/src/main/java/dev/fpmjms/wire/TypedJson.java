package dev.fpmjms.wire;

import dev.fpmjms.envelope.PropertyNames;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed JSON, the lossless form of JMS values on the wire: each value is a two-element array
 * {@code [tag, text]} ({@link WireType}), {@code null} is JSON {@code null}. Numbers travel as
 * text so that no JSON library rounds them; floats and doubles in Java's {@code toString} form
 * ({@code NaN}, {@code Infinity}, {@code -Infinity}, {@code -0.0}, {@code 1.0E10}).
 *
 * <p>Stateless; thread-safe.
 */
final class TypedJson {

    private TypedJson() {
    }

    // ---------------------------------------------------------------- writing

    /** Appends {@code s} as a JSON string; non-ASCII characters are written as they are. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        int start = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        sb.append(s, start, s.length()).append('"');
    }

    /**
     * Appends one typed value.
     *
     * @throws IllegalArgumentException when {@code v} is not a JMS value type
     */
    static void appendValue(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
            return;
        }
        if (v instanceof String) {
            String s = (String) v;
            if (Wtf8.isWellFormed(s)) {
                sb.append("[\"string\",");
                appendString(sb, s);
            } else {
                sb.append("[\"wtf8\",\"").append(PercentEncoding.encode(s)).append('"');
            }
            sb.append(']');
            return;
        }
        String tag;
        String text;
        if (v instanceof Integer) {
            tag = "int"; text = v.toString();
        } else if (v instanceof Long) {
            tag = "long"; text = v.toString();
        } else if (v instanceof Boolean) {
            tag = "boolean"; text = v.toString();
        } else if (v instanceof Double) {
            tag = "double"; text = v.toString();
        } else if (v instanceof Float) {
            tag = "float"; text = v.toString();
        } else if (v instanceof Short) {
            tag = "short"; text = v.toString();
        } else if (v instanceof Byte) {
            tag = "byte"; text = v.toString();
        } else if (v instanceof Character) {
            tag = "char"; text = Integer.toString((Character) v);
        } else if (v instanceof byte[]) {
            tag = "bytes"; text = Base64.getEncoder().encodeToString((byte[]) v);
        } else {
            throw new IllegalArgumentException("not a JMS value type: " + v.getClass().getName());
        }
        sb.append("[\"").append(tag).append("\",\"").append(text).append("\"]");
    }

    /**
     * The typed JSON object of message properties, in the map's order.
     *
     * @throws IllegalArgumentException when a value is not a JMS property type
     */
    static String encodeProperties(Map<String, Object> properties) {
        StringBuilder sb = new StringBuilder(16 + properties.size() * 32);
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            Object v = e.getValue();
            if (v == null || v instanceof Character || v instanceof byte[]) {
                throw new IllegalArgumentException("property '" + e.getKey() + "' has a value of type "
                        + (v == null ? "null" : v.getClass().getSimpleName()) + ", which is not a JMS property type");
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            appendString(sb, e.getKey());
            sb.append(':');
            appendValue(sb, v);
        }
        return sb.append('}').toString();
    }

    /**
     * The typed JSON body of a MapMessage, UTF-8.
     *
     * @throws IllegalArgumentException when a name has an unpaired surrogate: a JSON key in UTF-8
     *                                  cannot carry it, and encoding it as {@code ?} would rename
     *                                  the item (FpmMapMessage refuses such names when set)
     */
    static byte[] encodeMap(Map<?, ?> map) {
        StringBuilder sb = new StringBuilder(16 + map.size() * 32);
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!Wtf8.isWellFormed((String) e.getKey())) {
                throw new IllegalArgumentException("map item name '" + e.getKey()
                        + "' has an unpaired surrogate, which UTF-8 cannot carry");
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            appendString(sb, (String) e.getKey());
            sb.append(':');
            appendValue(sb, e.getValue());
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The typed JSON body of a StreamMessage, UTF-8. */
    static byte[] encodeStream(List<?> list) {
        StringBuilder sb = new StringBuilder(16 + list.size() * 24);
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendValue(sb, list.get(i));
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a typed JSON object of message properties; names must be valid JMS property names.
     *
     * @param what names the header, for error messages
     */
    static Map<String, Object> decodeProperties(String json, String what) throws WireFormatException {
        Object parsed = JsonReader.parse(json, what);
        if (!(parsed instanceof Map)) {
            throw new WireFormatException(what + ": expected a JSON object of typed properties, found " + kind(parsed));
        }
        Map<?, ?> raw = (Map<?, ?>) parsed;
        Map<String, Object> out = new LinkedHashMap<>(raw.size() * 2);
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String name = (String) e.getKey();
            String problem = PropertyNames.problem(name);
            if (problem != null) {
                throw new WireFormatException(what + ": " + problem);
            }
            String where = what + ": property " + WireFormatException.quote(name);
            if (e.getValue() == null) {
                throw new WireFormatException(where + " is null; a property cannot be null");
            }
            out.put(name, value(e.getValue(), where, true));
        }
        return out;
    }

    /** Reads the typed JSON body of a MapMessage. */
    static Map<String, Object> decodeMap(String json, String what) throws WireFormatException {
        Object parsed = JsonReader.parse(json, what);
        if (!(parsed instanceof Map)) {
            throw new WireFormatException(what + ": expected a JSON object of typed values, found " + kind(parsed));
        }
        Map<?, ?> raw = (Map<?, ?>) parsed;
        Map<String, Object> out = new LinkedHashMap<>(raw.size() * 2);
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String name = (String) e.getKey();
            if (name.isEmpty()) {
                throw new WireFormatException(what + ": a map entry has an empty name");
            }
            Object v = e.getValue();
            out.put(name, v == null ? null : value(v, what + ": entry " + WireFormatException.quote(name), false));
        }
        return out;
    }

    /** Reads the typed JSON body of a StreamMessage. */
    static List<Object> decodeStream(String json, String what) throws WireFormatException {
        Object parsed = JsonReader.parse(json, what);
        if (!(parsed instanceof List)) {
            throw new WireFormatException(what + ": expected a JSON array of typed values, found " + kind(parsed));
        }
        List<?> raw = (List<?>) parsed;
        List<Object> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object v = raw.get(i);
            out.add(v == null ? null : value(v, what + ": element " + i, false));
        }
        return out;
    }

    private static Object value(Object json, String where, boolean property) throws WireFormatException {
        if (!(json instanceof List) || ((List<?>) json).size() != 2) {
            throw new WireFormatException(where + ": expected a typed value [\"type\",\"text\"], found " + kind(json));
        }
        List<?> pair = (List<?>) json;
        if (!(pair.get(0) instanceof String) || !(pair.get(1) instanceof String)) {
            throw new WireFormatException(where + ": expected a typed value [\"type\",\"text\"] of two strings, found ["
                    + kind(pair.get(0)) + ", " + kind(pair.get(1)) + "]");
        }
        String tag = (String) pair.get(0);
        String text = (String) pair.get(1);
        WireType type = WireType.fromTag(tag);
        if (type == null) {
            throw new WireFormatException(where + ": unknown type " + WireFormatException.quote(tag)
                    + " (expected boolean, byte, short, int, long, float, double, string, wtf8, char or bytes)");
        }
        if (property && !type.isPropertyType()) {
            throw new WireFormatException(where + ": type '" + tag + "' is not a JMS property type");
        }
        return WireValues.parse(type, text, where);
    }

    private static String kind(Object json) {
        if (json == null) {
            return "null";
        }
        if (json instanceof Map) {
            return "an object";
        }
        if (json instanceof List) {
            return "an array of " + ((List<?>) json).size();
        }
        if (json instanceof String) {
            return "a string";
        }
        if (json instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }
}
