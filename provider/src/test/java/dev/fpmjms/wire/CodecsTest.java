package dev.fpmjms.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small codecs under the wire contract: WTF-8, percent form, typed JSON, the JSON reader. */
class CodecsTest {

    private static final List<String> STRINGS = List.of("", "plain", "é ✓ 名前", "\uD83D\uDE00", "\u0000\r\n\t ",
            "%", "%41", "x\uD800", "\uDC00y", "\uDBFF\uDBFF", "\uDC00\uD800", "\uFFFF\uFFFE");

    @Test
    void wtf8RoundTripsEveryJavaString() {
        for (String s : STRINGS) {
            byte[] b = Wtf8.encode(s);
            assertEquals(s, Wtf8.decode(b, 0, b.length), s);
            if (Wtf8.isWellFormed(s)) {
                assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), b, "well-formed strings are plain UTF-8");
            }
        }
        byte[] bad = {'a', (byte) 0xFF, (byte) 0xC3, 'b', (byte) 0xED, (byte) 0xA0};
        assertEquals("a\uFFFD\uFFFDb\uFFFD\uFFFD", Wtf8.decode(bad, 0, bad.length));
        byte[] mixed = {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xC0, (byte) 0x80};
        assertEquals("\uD800\uD83D\uDE00\uFFFD\uFFFD", Wtf8.decode(mixed, 0, mixed.length));
    }

    @Test
    void percentFormIsPrintableAsciiAndRoundTrips() throws WireFormatException {
        for (String s : STRINGS) {
            String p = PercentEncoding.encode(s);
            assertTrue(p.matches("[\\x21-\\x7E]*"), p);
            assertEquals(s, PercentEncoding.decode(p, "t"));
        }
        assertEquals("ID:abc-1", PercentEncoding.encode("ID:abc-1"), "ordinary ids are unchanged");
        assertEquals("a b/é", PercentEncoding.decode("a%20b%2F%c3%a9", "t"), "rawurlencode output and lower-case hex are accepted");
        assertEquals("é", PercentEncoding.decode("é", "t"), "raw non-ASCII stands for itself");
        for (String bad : List.of("%", "%4", "%G0", "a%2")) {
            String m = assertThrows(WireFormatException.class, () -> PercentEncoding.decode(bad, "X-Test")).getMessage();
            assertTrue(m.startsWith("X-Test: bad percent escape"), m);
        }
    }

    @Test
    void typedJsonRoundTripsEdgeValues() throws WireFormatException {
        Map<String, Object> props = Samples.edgeProperties();
        Samples.assertDeepEquals(props, TypedJson.decodeProperties(TypedJson.encodeProperties(props), "p"), "properties");
        Map<String, Object> map = Samples.edgeMap();
        String mapJson = new String(TypedJson.encodeMap(map), StandardCharsets.UTF_8);
        Samples.assertDeepEquals(map, TypedJson.decodeMap(mapJson, "m"), "map");
        List<Object> stream = Samples.edgeStream();
        String streamJson = new String(TypedJson.encodeStream(stream), StandardCharsets.UTF_8);
        Samples.assertDeepEquals(stream, TypedJson.decodeStream(streamJson, "s"), "stream");
    }

    @Test
    void decimalGrammarIsStrict() {
        for (String ok : List.of("0", "-0.0", "1.5", "1.0E10", "1.0e+25", "4.9E-324", "NaN", "Infinity", "-Infinity", "12345678901234567890")) {
            assertTrue(WireValues.isDecimal(ok), ok);
        }
        for (String bad : List.of("", "-", ".5", "5.", "1e", "+1", " 1", "1 ", "0x10", "1f", "1d", "nan", "-NaN", "+Infinity", "1.0E1.0")) {
            assertTrue(!WireValues.isDecimal(bad), bad);
        }
    }

    @Test
    void jsonReaderReadsStrictJson() throws WireFormatException {
        Object v = JsonReader.parse(" {\"a\" : [1, -2.5e3, true, false, null, \"x\\\"\\u00e9\\/\"], \"b\":{}} ", "t");
        assertEquals("{a=[1, -2.5e3, true, false, null, x\"é/], b={}}", v.toString());
        assertEquals("\uD800", JsonReader.parse("\"\\ud800\"", "t"));
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "{a:1}", "'x'", "01x", "1.", "-", "tru", "\"\\x\"", "\"abc", "[1 2]", "nul")) {
            assertThrows(WireFormatException.class, () -> JsonReader.parse(bad, "t"), bad);
        }
    }

    @Test
    void uriFormIsUtf8AndReversible() {
        // moved from config/SettingValuesTest: the configuration URI uses this one encoder
        String s = "a b&c=d%e+f|g/\u00fc\u20ac\ud83d\ude00";
        String encoded = PercentEncoding.encode(s, "/|");
        assertEquals("a%20b%26c%3Dd%25e%2Bf|g/%C3%BC%E2%82%AC%F0%9F%98%80", encoded);
        assertEquals(s, PercentEncoding.decodeUtf8(encoded));
        assertEquals("a+b", PercentEncoding.decodeUtf8("a+b"));
        assertThrows(IllegalArgumentException.class, () -> PercentEncoding.decodeUtf8("%4"));
        assertThrows(IllegalArgumentException.class, () -> PercentEncoding.decodeUtf8("%FF"));
    }
}
