package dev.fpmjms.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259) for the typed JSON of the wire contract. Objects become
 * {@link LinkedHashMap} in document order (a duplicate key is an error), arrays {@link ArrayList},
 * strings {@link String} ({@code \\u} escapes may produce unpaired surrogates), {@code true}/{@code
 * false} {@link Boolean}, {@code null} {@code null}, numbers {@link Num} (kept as text: the contract
 * sends numbers as strings, so a number is only ever reported as a wrong type).
 *
 * <p>Nesting is limited to {@link #MAX_DEPTH}. Not thread-safe; one instance per document.
 */
final class JsonReader {

    /** The deepest nesting accepted; the contract's documents nest at most three levels. */
    static final int MAX_DEPTH = 16;

    /** A JSON number, as written. */
    record Num(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private final String text;
    private final String what;
    private int pos;

    private JsonReader(String text, String what) {
        this.text = text;
        this.what = what;
    }

    /**
     * Parses one JSON document.
     *
     * @param what names the header or body being read, for error messages
     * @throws WireFormatException naming the offset and what was expected
     */
    static Object parse(String text, String what) throws WireFormatException {
        JsonReader r = new JsonReader(text, what);
        r.skipBlanks();
        Object value = r.value(0);
        r.skipBlanks();
        if (r.pos != text.length()) {
            throw r.error("unexpected text after the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws WireFormatException {
        if (depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of JSON");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) throws WireFormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipBlanks();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipBlanks();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipBlanks();
            expect(':');
            skipBlanks();
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key " + WireFormatException.quote(key));
            }
            map.put(key, v);
            skipBlanks();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws WireFormatException {
        List<Object> list = new ArrayList<>();
        pos++;
        skipBlanks();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipBlanks();
            list.add(value(depth + 1));
            skipBlanks();
            char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws WireFormatException {
        pos++;
        int start = pos;
        StringBuilder sb = null;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string (must be escaped)");
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, start, pos);
                sb.append(escape());
                start = pos;
            } else {
                pos++;
            }
        }
    }

    private char escape() throws WireFormatException {
        pos++;
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u': {
                if (pos + 4 > text.length()) {
                    throw error("short \\u escape");
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(text.charAt(pos + i), 16);
                    if (d < 0) {
                        throw error("bad \\u escape");
                    }
                    v = v << 4 | d;
                }
                pos += 4;
                return (char) v;
            }
            default:
                pos -= 2;
                throw error("bad escape '\\" + c + "'");
        }
    }

    private Object literal(String word, Object value) throws WireFormatException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word");
        }
        pos += word.length();
        return value;
    }

    private Num number() throws WireFormatException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (digits() == 0) {
            throw error("bad number");
        }
        if (peek() == '.') {
            pos++;
            if (digits() == 0) {
                throw error("bad number");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (digits() == 0) {
                throw error("bad number");
            }
        }
        return new Num(text.substring(start, pos));
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) throws WireFormatException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipBlanks() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private WireFormatException error(String problem) {
        int from = Math.max(0, pos - 20);
        int to = Math.min(text.length(), pos + 20);
        return new WireFormatException(what + ": invalid JSON at offset " + pos + ": " + problem
                + " (near '" + text.substring(from, to) + "')");
    }
}
