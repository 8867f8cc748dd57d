package dev.fpmjms.fastcgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CgiResponseParserTest {

    private static final int MAX_HEAD = 8192;

    private static CgiResponse parse(String stdout) throws FcgiProtocolException {
        return CgiResponseParser.parse(stdout.getBytes(StandardCharsets.UTF_8), MAX_HEAD);
    }

    private static String body(CgiResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String rejected(String stdout, int maxHead) {
        return assertThrows(FcgiProtocolException.class, () -> CgiResponseParser.parse(
                stdout.getBytes(StandardCharsets.UTF_8), maxHead)).getMessage();
    }

    @Test
    void crlfHeadAsPhpFpmWritesIt() throws Exception {
        byte[] out = ("X-Powered-By: PHP/8.2.7\r\nStatus: 404 Not Found\r\n"
                + "Content-type: text/html; charset=UTF-8\r\n\r\nFile not found.\n")
                .getBytes(StandardCharsets.US_ASCII);
        CgiResponse r = CgiResponseParser.parse(out, MAX_HEAD);
        assertEquals(404, r.status());
        assertEquals("Not Found", r.reason());
        assertEquals("text/html; charset=UTF-8", r.header("content-type"));
        assertEquals("text/html; charset=UTF-8", r.header("CONTENT-TYPE"));
        assertEquals("PHP/8.2.7", r.header("X-Powered-By"));
        assertNull(r.header("Status"), "Status is not a response header");
        assertEquals(2, r.headers().size());
        assertEquals("File not found.\n", body(r));
        assertSame(out, r.buffer(), "the body is a view, not a copy");
        assertEquals(out.length - 16, r.bodyOffset());
        assertEquals(16, r.bodyLength());
        java.util.SortedMap<String, String> sorted = assertInstanceOf(java.util.SortedMap.class, r.headers());
        assertSame(String.CASE_INSENSITIVE_ORDER, sorted.comparator(), "lookups ignore case without a scan");
        assertThrows(UnsupportedOperationException.class, () -> r.headers().put("X", "y"));
    }

    @Test
    void lfHead() throws Exception {
        CgiResponse r = parse("Content-Type: application/json\nX-Job: 17\n\n{\"ok\":true}");
        assertEquals(200, r.status());
        assertEquals("OK", r.reason());
        assertEquals("application/json", r.header("content-type"));
        assertEquals("17", r.header("x-job"));
        assertEquals("{\"ok\":true}", body(r));
    }

    @Test
    void outputWithoutAHeadIsAllBody() throws Exception {
        for (String raw : new String[] {"hello world", "{\"a\": 1}\n\n", "<html>\r\n\r\n</html>",
                " Leading: space", "no-colon-here\n\nx", "Bad Name: x\n\n"}) {
            CgiResponse r = parse(raw);
            assertEquals(200, r.status(), raw);
            assertTrue(r.headers().isEmpty(), raw);
            assertEquals(raw, body(r));
            assertEquals(0, r.bodyOffset());
        }
    }

    @Test
    void emptyOutput() throws Exception {
        CgiResponse r = parse("");
        assertEquals(200, r.status());
        assertEquals(0, r.bodyLength());
        assertEquals(0, r.body().length);
    }

    @Test
    void emptyHeadThenBody() throws Exception {
        assertEquals("body", body(parse("\r\nbody")));
        assertEquals("body", body(parse("\nbody")));
    }

    @Test
    void emptyBody() throws Exception {
        CgiResponse r = parse("Status: 204 No Content\r\n\r\n");
        assertEquals(204, r.status());
        assertEquals(0, r.bodyLength());
        assertEquals(0, r.bodyBuffer().remaining());
    }

    @Test
    void statusWithoutReasonGetsTheStandardPhrase() throws Exception {
        assertEquals("Service Unavailable", parse("Status: 503\n\n").reason());
        CgiResponse odd = parse("Status: 299\n\n");
        assertEquals(299, odd.status());
        assertEquals("", odd.reason());
        assertEquals("Teapot Ahoy", parse("Status:418   Teapot Ahoy  \n\n").reason());
    }

    @Test
    void locationWithoutStatusIsARedirect() throws Exception {
        CgiResponse r = parse("Location: /elsewhere\r\n\r\n");
        assertEquals(302, r.status());
        assertEquals("Found", r.reason());
        assertEquals("/elsewhere", r.header("location"));
        assertEquals(301, parse("Location: /x\nStatus: 301 Moved Permanently\n\n").status());
    }

    @Test
    void repeatedHeadersAreJoined() throws Exception {
        CgiResponse r = parse("Set-Cookie: a=1\r\nX-A: 1\r\nset-cookie: b=2\r\nSET-COOKIE: c=3\r\n\r\n");
        assertEquals("a=1, b=2, c=3", r.header("Set-Cookie"));
        assertEquals(Map.of("Set-Cookie", "a=1, b=2, c=3", "X-A", "1"), Map.copyOf(r.headers()));
        assertThrows(UnsupportedOperationException.class, () -> r.headers().put("a", "b"));
    }

    @Test
    void valuesAreTrimmedAndReadAsUtf8() throws Exception {
        CgiResponse r = parse("X-Name: \t Jürgen 😀 \t\r\nX-Empty:\r\n\r\n");
        assertEquals("Jürgen 😀", r.header("x-name"));
        assertEquals("", r.header("x-empty"));
    }

    @Test
    void bodyBufferIsAReadOnlyView() throws Exception {
        CgiResponse r = parse("A: b\n\n12345");
        ByteBuffer view = r.bodyBuffer();
        assertEquals(5, view.remaining());
        assertEquals('1', view.get(0));
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 0));
        byte[] copy = r.body();
        copy[0] = 'X';
        assertEquals('1', r.buffer()[r.bodyOffset()], "body() copies");
    }

    @Test
    void binaryBodyIsUntouched() throws Exception {
        byte[] head = "Content-Type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + 256];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < 256; i++) {
            out[head.length + i] = (byte) i;
        }
        CgiResponse r = CgiResponseParser.parse(out, MAX_HEAD);
        byte[] expected = new byte[256];
        System.arraycopy(out, head.length, expected, 0, 256);
        assertArrayEquals(expected, r.body());
    }

    @Test
    void headOverTheLimit() throws Exception {
        String head = "Content-Type: text/plain\r\nX-Pad: " + "p".repeat(100) + "\r\n\r\n";
        assertEquals("CGI response head exceeds the limit of 50 bytes (maxHeadBytes)",
                rejected(head + "body", 50));
        // exactly at the limit, blank line included, is accepted
        CgiResponse r = CgiResponseParser.parse((head + "body").getBytes(StandardCharsets.US_ASCII),
                head.length());
        assertEquals("body", body(r));
        assertEquals("CGI response head exceeds the limit of " + (head.length() - 1)
                + " bytes (maxHeadBytes)", rejected(head + "body", head.length() - 1));
    }

    @Test
    void headThatNeverEnds() {
        assertEquals("CGI response head does not end: no blank line in the 26 bytes of STDOUT",
                rejected("Content-Type: text/plain\r\n", MAX_HEAD));
        assertEquals("CGI response head does not end: no blank line in the 12 bytes of STDOUT",
                rejected("Status: 200 ", MAX_HEAD));
    }

    @Test
    void malformedLaterLine() {
        assertEquals("malformed CGI header line 2: 'no colon here'",
                rejected("Content-Type: x\nno colon here\n\nbody", MAX_HEAD));
        assertEquals("malformed CGI header line 2: ' folded: continuation'",
                rejected("A: b\r\n folded: continuation\r\n\r\n", MAX_HEAD));
        assertEquals("malformed CGI header line 2: 'bad?byte: x'",
                rejected("A: b\nbad\u0001byte: x\n\n", MAX_HEAD));
    }

    @Test
    void badOrRepeatedStatus() {
        for (String bad : new String[] {"abc", "42", "1000", "099 Low", "600 High", "20x", "200OK"}) {
            String message = rejected("Status: " + bad + "\n\n", MAX_HEAD);
            assertEquals("invalid CGI Status header '" + bad
                    + "' (expected a code 100..599 and an optional reason)", message);
        }
        assertEquals("repeated CGI Status header: '200' and '404'",
                rejected("Status: 200\nStatus: 404\n\n", MAX_HEAD));
    }

    @Test
    void negativeLimitIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> CgiResponseParser.parse(new byte[0], -1));
    }

    @Test
    void responseRecordValidatesItsView() {
        assertThrows(IndexOutOfBoundsException.class,
                () -> new CgiResponse(200, "OK", Map.of(), new byte[4], 3, 2));
        CgiResponse r = new CgiResponse(200, "OK", Map.of("X-A", "1"), new byte[4], 1, 2);
        assertEquals("1", r.header("x-a"), "case-insensitive even when built from another map");
    }

    @Test
    void headerLinesUpToTheLimitAreJoinedInOrderAcrossCases() throws Exception {
        StringBuilder head = new StringBuilder("Status: 200\r\n");
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i < CgiResponseParser.MAX_HEADER_LINES; i++) {
            head.append(i % 2 == 0 ? "x-rep: " : "X-Rep: ").append(i).append("\r\n");
            expected.append(i == 1 ? "" : ", ").append(i);
        }
        CgiResponse r = CgiResponseParser.parse((head + "\r\nbody").getBytes(StandardCharsets.US_ASCII), 64 * 1024);
        assertEquals(expected.toString(), r.header("X-REP"));
        assertEquals(1, r.headers().size());
        assertEquals("body", body(r));
    }

    @Test
    void aHeadOfTooManyHeaderLinesIsRefusedNamingTheLimit() {
        // 90,000 repeats of one header fit in a 1 MiB head; joining them one by one took seconds of CPU.
        String head = "X-A: v\r\n".repeat(90_000) + "\r\n";
        String message = rejected(head, 1024 * 1024);
        assertEquals("CGI response head has more than 1000 header lines (the limit of header lines of a reply)",
                message);
        assertEquals(message, rejected("X-A: v\n".repeat(CgiResponseParser.MAX_HEADER_LINES + 1) + "\n", MAX_HEAD * 8));
    }
}
