package dev.fpmjms.fastcgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FcgiRequestWriterTest {

    private static final int MAX = 65_535;

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static FcgiTestRequestDecoder.Decoded roundTrip(Map<String, String> params,
            byte[] stdin) {
        FcgiRequest request = new FcgiRequest(7, FcgiRole.RESPONDER, true, params, stdin);
        FcgiTestRequestDecoder.Decoded d =
                FcgiTestRequestDecoder.decode(FcgiRequestWriter.encode(request));
        assertEquals(7, d.requestId());
        assertEquals(FcgiRole.RESPONDER.code(), d.role());
        assertTrue(d.keepConn());
        assertEquals(List.copyOf(params.entrySet()), List.copyOf(d.params().entrySet()),
                "params and their order");
        assertArrayEquals(stdin, d.stdin());
        return d;
    }

    @Test
    void smallRequestIsByteExact() {
        List<ByteBuffer> buffers = FcgiRequestWriter.encode(new FcgiRequest(1, FcgiRole.RESPONDER,
                false, params("A", "b"), "hi".getBytes(StandardCharsets.US_ASCII)));
        byte[] expected = bytes(
                // BEGIN_REQUEST: version 1, type 1, id 0x0001, length 8, padding 0, reserved
                1, 1, 0, 1, 0, 8, 0, 0,
                // role RESPONDER (0x0001), flags 0 (no KEEP_CONN), 5 reserved
                0, 1, 0, 0, 0, 0, 0, 0,
                // PARAMS, length 4: nameLength 1, valueLength 1, 'A', 'b'
                1, 4, 0, 1, 0, 4, 0, 0,
                1, 1, 'A', 'b',
                // empty PARAMS
                1, 4, 0, 1, 0, 0, 0, 0,
                // STDIN, length 2, "hi"
                1, 5, 0, 1, 0, 2, 0, 0,
                'h', 'i',
                // empty STDIN
                1, 5, 0, 1, 0, 0, 0, 0);
        assertArrayEquals(expected, FcgiTestRequestDecoder.concat(buffers));
        assertEquals(3, buffers.size(), "head, stdin view, empty STDIN");
    }

    @Test
    void keepConnFlagAndTwoByteRequestIdAndRole() {
        List<ByteBuffer> buffers = FcgiRequestWriter.encode(
                new FcgiRequest(0x1234, FcgiRole.FILTER, true, Map.of(), new byte[0]));
        byte[] expected = bytes(
                1, 1, 0x12, 0x34, 0, 8, 0, 0,
                0, 3, 1, 0, 0, 0, 0, 0,          // role FILTER, flags FCGI_KEEP_CONN
                1, 4, 0x12, 0x34, 0, 0, 0, 0,    // no params: only the empty PARAMS
                1, 5, 0x12, 0x34, 0, 0, 0, 0);   // empty body: only the empty STDIN
        assertEquals(1, buffers.size());
        assertArrayEquals(expected, FcgiTestRequestDecoder.concat(buffers));
    }

    @Test
    void lengthsOf127UseOneByteAndOf128UseFourWithTheHighBit() {
        String name127 = "N".repeat(127);
        String value128 = "v".repeat(128);
        String value300 = "w".repeat(300);
        byte[] wire = FcgiTestRequestDecoder.concat(FcgiRequestWriter.encode(new FcgiRequest(1,
                FcgiRole.RESPONDER, false, params(name127, value128, "X", value300),
                new byte[0])));
        int content = 24; // after BEGIN_REQUEST (16) and the PARAMS header (8)
        assertEquals(0x7F, wire[content] & 0xFF, "name length 127: one byte");
        assertArrayEquals(bytes(0x80, 0, 0, 0x80),
                java.util.Arrays.copyOfRange(wire, content + 1, content + 5),
                "value length 128: four bytes, high bit set");
        int second = content + 5 + 127 + 128;
        assertEquals(1, wire[second]);
        assertArrayEquals(bytes(0x80, 0, 0x01, 0x2C),
                java.util.Arrays.copyOfRange(wire, second + 1, second + 5), "300 = 0x012C");
        int paramsLength = (1 + 4 + 127 + 128) + (1 + 4 + 1 + 300);
        assertEquals(paramsLength, (wire[20] & 0xFF) << 8 | (wire[21] & 0xFF));
    }

    @Test
    void stdinBuffersAreViewsOfTheCallersArray() {
        byte[] stdin = new byte[2 * MAX + 10];
        List<ByteBuffer> buffers = FcgiRequestWriter.encode(
                new FcgiRequest(3, FcgiRole.RESPONDER, false, Map.of(), stdin));
        // head (with first STDIN header), view, header, view, header, view, empty STDIN
        assertEquals(7, buffers.size());
        int[] viewLengths = {MAX, MAX, 10};
        for (int i = 0; i < 3; i++) {
            ByteBuffer view = buffers.get(1 + 2 * i);
            assertSame(stdin, view.array(), "no copy of the body");
            assertEquals(i * MAX, view.arrayOffset() + view.position());
            assertEquals(viewLengths[i], view.remaining());
        }
    }

    @Test
    void emptyBodyRoundTrip() {
        FcgiTestRequestDecoder.Decoded d = roundTrip(params("REQUEST_METHOD", "POST"), new byte[0]);
        assertEquals(0, d.stdinRecords());
        assertEquals(1, d.paramsRecords());
    }

    @Test
    void noParamsRoundTrip() {
        assertEquals(0, roundTrip(Map.of(), new byte[] {1, 2, 3}).paramsRecords());
    }

    @Test
    void tenMebibyteBodyRoundTrip() {
        byte[] body = new byte[10 * 1024 * 1024];
        new Random(1).nextBytes(body);
        FcgiTestRequestDecoder.Decoded d = roundTrip(params("CONTENT_LENGTH", "10485760"), body);
        assertEquals((body.length + MAX - 1) / MAX, d.stdinRecords());
    }

    @Test
    void paramsOver64KibAreSplitAtPairBoundaries() {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            p.put("HTTP_X_BIG_" + i, String.valueOf((char) ('a' + i)).repeat(30_000));
        }
        p.put("SCRIPT_FILENAME", "/srv/app/worker.php");
        FcgiTestRequestDecoder.Decoded d = roundTrip(p, "x".getBytes(StandardCharsets.UTF_8));
        // 30,017 bytes a pair (120 KiB in all): two fit in a record, the small one joins the last
        assertEquals(2, d.paramsRecords());
    }

    @Test
    void hundredKibOfParamsInManyPairsRoundTrip() {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            p.put("P" + i, "é".repeat(512)); // 1 KiB of UTF-8 each
        }
        assertEquals(2, roundTrip(p, new byte[0]).paramsRecords());
    }

    @Test
    void pairOfExactlyOneRecordIsAcceptedAndOneMoreByteRejected() {
        // name 1 byte, value v bytes: 1 + 4 + 1 + v = 65,535
        String fits = "v".repeat(MAX - 6);
        assertEquals(2, roundTrip(params("N", fits, "M", "m"), new byte[0]).paramsRecords(),
                "the full record, then the next pair in a new one");

        FcgiRequest tooBig = new FcgiRequest(1, FcgiRole.RESPONDER, false,
                params("N", fits + "v"), new byte[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FcgiRequestWriter.encode(tooBig));
        assertTrue(e.getMessage().contains("'N' needs 65536 bytes, over the limit of 65535"),
                e.getMessage());
    }

    @Test
    void hundredKibParamValueIsRejectedBecausePhpFpmCannotJoinIt() {
        FcgiRequest request = new FcgiRequest(1, FcgiRole.RESPONDER, false,
                params("HTTP_X_LARGE", "z".repeat(100 * 1024)), new byte[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FcgiRequestWriter.encode(request));
        assertTrue(e.getMessage().contains("HTTP_X_LARGE"), e.getMessage());
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
    }

    @Test
    void namesNeedingFourByteLengthsRoundTrip() {
        roundTrip(params("HTTP_" + "N".repeat(200), "short", "s", "V".repeat(1000)),
                new byte[] {42});
    }

    @Test
    void nonAsciiUtf8RoundTrip() {
        Map<String, String> p = params(
                "JMS_PROP_Grüße", "Ünïcödé €uro",
                "emoji_😀", "😀🎉 and 中文 and \u0000 NUL",
                "mixed", "a\u07FFb\u0800c\uFFFDd\uD83D\uDE00");
        roundTrip(p, "Körper".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void utf8MatchesTheJdkEncoderForRandomText() {
        Random random = new Random(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            int cp;
            do {
                cp = random.nextInt(4) == 0 ? random.nextInt(0x110000) : random.nextInt(0x900);
            } while (Character.getType(cp) == Character.SURROGATE);
            sb.appendCodePoint(cp);
        }
        String text = sb.toString();
        ByteBuffer encoded = FcgiNameValuePairs.encode(Map.of("t", text));
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        byte[] actual = new byte[expected.length];
        encoded.position(encoded.limit() - expected.length);
        encoded.get(actual);
        assertArrayEquals(expected, actual);
    }

    @Test
    void unpairedSurrogateIsRejectedNotReplaced() {
        FcgiRequest request = new FcgiRequest(1, FcgiRole.RESPONDER, false,
                params("P", "ab\uD800c"), new byte[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FcgiRequestWriter.encode(request));
        assertEquals("value of FastCGI parameter 'P' has an unpaired surrogate at index 2,"
                + " which UTF-8 cannot encode", e.getMessage());
    }

    @Test
    void requestIdOutOfRangeIsRejectedWithTheValue() {
        for (int bad : new int[] {0, -1, 65_536}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new FcgiRequest(bad, FcgiRole.RESPONDER, false, Map.of(), new byte[0]));
            assertEquals("FastCGI request id must be 1..65535, was " + bad, e.getMessage());
        }
        new FcgiRequest(65_535, FcgiRole.RESPONDER, false, Map.of(), new byte[0]);
    }

    @Test
    void nullParamValueIsRejected() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("A", null);
        assertThrows(IllegalArgumentException.class,
                () -> new FcgiRequest(1, FcgiRole.RESPONDER, false, p, new byte[0]));
        assertThrows(NullPointerException.class,
                () -> new FcgiRequest(1, FcgiRole.RESPONDER, false, Map.of(), null));
    }

    @Test
    void encodingFromPartsGivesTheSameBytesAsFromARequest() {
        Map<String, String> p = params("SCRIPT_FILENAME", "/w/a.php", "X_\u00e9", "v".repeat(300));
        byte[] stdin = new byte[70_000];
        new Random(7).nextBytes(stdin);
        assertArrayEquals(
                FcgiTestRequestDecoder.concat(FcgiRequestWriter.encode(new FcgiRequest(3, FcgiRole.RESPONDER, true, p, stdin))),
                FcgiTestRequestDecoder.concat(FcgiRequestWriter.encode(3, FcgiRole.RESPONDER, true, p, stdin)));
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("A", null);
        assertThrows(IllegalArgumentException.class,
                () -> FcgiRequestWriter.encode(1, FcgiRole.RESPONDER, false, withNull, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> FcgiRequestWriter.encode(0, FcgiRole.RESPONDER, false, Map.of(), new byte[0]));
    }

    @Test
    void requestKeepsParamOrderAndIsUnmodifiable() {
        Map<String, String> p = params("Z", "1", "A", "2", "M", "3");
        byte[] stdin = {1};
        FcgiRequest request = new FcgiRequest(9, FcgiRole.RESPONDER, true, p, stdin);
        p.put("LATE", "x");
        assertEquals(List.of("Z", "A", "M"), List.copyOf(request.params().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> request.params().put("B", "b"));
        assertSame(stdin, request.stdin());
        assertFalse(request.toString().isEmpty());
    }

    @Test
    void getValuesIsByteExact() {
        ByteBuffer b = FcgiRequestWriter.encodeGetValues(List.of("FCGI_MAX_CONNS", "FCGI_MPXS_CONNS"));
        ByteBuffer expected = ByteBuffer.allocate(8 + 16 + 17);
        expected.put(bytes(1, 9, 0, 0, 0, 33, 0, 0)); // GET_VALUES, id 0, length 33
        expected.put(bytes(14, 0)).put("FCGI_MAX_CONNS".getBytes(StandardCharsets.US_ASCII));
        expected.put(bytes(15, 0)).put("FCGI_MPXS_CONNS".getBytes(StandardCharsets.US_ASCII));
        assertEquals(expected.flip(), b);
    }

    @Test
    void getValuesOverOneRecordIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FcgiRequestWriter.encodeGetValues(List.of("N".repeat(70_000))));
        assertTrue(e.getMessage().contains("limit of 65535"), e.getMessage());
    }
}
