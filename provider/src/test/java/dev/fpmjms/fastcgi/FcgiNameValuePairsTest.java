package dev.fpmjms.fastcgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FcgiNameValuePairsTest {

    @Test
    void roundTripKeepsOrderAndEdgeCases() throws Exception {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("z", "");
        pairs.put("", "empty name");
        pairs.put("long", "L".repeat(70_000));
        pairs.put("ünï", "€😀");
        ByteBuffer encoded = FcgiNameValuePairs.encode(pairs);
        assertEquals(0, encoded.position());
        Map<String, String> decoded = FcgiNameValuePairs.decode(encoded);
        assertEquals(List.copyOf(pairs.entrySet()), List.copyOf(decoded.entrySet()));
        assertEquals(0, encoded.remaining(), "decode consumes everything");
    }

    @Test
    void encodingIsByteExact() {
        ByteBuffer b = FcgiNameValuePairs.encode(Map.of("é", "x".repeat(128)));
        byte[] expected = new byte[1 + 4 + 2 + 128];
        expected[0] = 2;                     // "é" is 2 bytes of UTF-8
        expected[1] = (byte) 0x80;           // 128: four bytes, high bit set
        expected[4] = (byte) 0x80;
        expected[5] = (byte) 0xC3;
        expected[6] = (byte) 0xA9;
        java.util.Arrays.fill(expected, 7, expected.length, (byte) 'x');
        assertArrayEquals(expected, b.array());
    }

    @Test
    void decodesFromADirectBuffer() throws Exception {
        ByteBuffer heap = FcgiNameValuePairs.encode(Map.of("FCGI_MAX_REQS", "500"));
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip();
        assertEquals(Map.of("FCGI_MAX_REQS", "500"), FcgiNameValuePairs.decode(direct));
    }

    @Test
    void truncatedInputIsRejected() {
        assertEquals("name-value pair truncated: a length is missing", assertThrows(
                FcgiProtocolException.class,
                () -> FcgiNameValuePairs.decode(ByteBuffer.wrap(new byte[] {3}))).getMessage());
        assertEquals("name-value pair of 3+1 bytes runs past the 2 bytes left in the record",
                assertThrows(FcgiProtocolException.class, () -> FcgiNameValuePairs.decode(
                        ByteBuffer.wrap(new byte[] {3, 1, 'a', 'b'}))).getMessage());
        // 0xFFFFFFFF: length 2^31-1 must not be trusted nor overflow
        assertEquals("name-value pair of 2147483647+0 bytes runs past the 0 bytes left in the"
                + " record", assertThrows(FcgiProtocolException.class,
                        () -> FcgiNameValuePairs.decode(ByteBuffer.wrap(new byte[] {
                            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0}))).getMessage());
    }

    @Test
    void lengthsOverTwoToTheThirtyOneAreRejected() {
        assertEquals(Integer.MAX_VALUE, FcgiNameValuePairs.checkLength(Integer.MAX_VALUE, "name",
                "N"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FcgiNameValuePairs.checkLength(Integer.MAX_VALUE + 1L, "value of FastCGI"
                        + " parameter", "BIG"));
        assertEquals("value of FastCGI parameter 'BIG' is 2147483648 bytes in UTF-8, over the"
                + " FastCGI limit of 2147483647 bytes", e.getMessage());
    }

    @Test
    void nullsAreRejected() {
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("A", null);
        assertThrows(IllegalArgumentException.class, () -> FcgiNameValuePairs.encode(nullValue));
        Map<String, String> nullName = new LinkedHashMap<>();
        nullName.put(null, "a");
        assertThrows(IllegalArgumentException.class, () -> FcgiNameValuePairs.encode(nullName));
    }
}
