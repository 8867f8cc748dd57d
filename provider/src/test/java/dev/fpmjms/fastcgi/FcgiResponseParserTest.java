package dev.fpmjms.fastcgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FcgiResponseParserTest {

    private final RecordingListener listener = new RecordingListener();
    private final FcgiResponseParser parser = new FcgiResponseParser(listener);

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private void parseAll(Feed feed, byte[] wire) throws FcgiProtocolException {
        feed.into(parser, wire);
        parser.endOfInput();
    }

    private FcgiProtocolException rejected(Feed feed, byte[] wire) {
        return assertThrows(FcgiProtocolException.class, () -> parseAll(feed, wire));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void typicalReply(Feed feed) throws Exception {
        byte[] wire = new FcgiTestRecords()
                .stdout(1, "Content-type: text/plain\r\n\r\n")
                .stderr(1, "PHP Notice: x")
                .stdout(1, "hello")
                .endRequest(1, 0, 0)
                .bytes();
        parseAll(feed, wire);
        assertEquals("Content-type: text/plain\r\n\r\nhello", listener.stdoutText());
        assertEquals("PHP Notice: x", listener.stderrText());
        assertEquals(List.of("stdout 1", "stderr 1", "stdout 1", "end 1 0 REQUEST_COMPLETE"),
                listener.events);
    }

    @Test
    void feedToEndStopsAfterTheEndRequestRecordAndItsPaddingLeavingTheNextReply() throws Exception {
        byte[] first = new FcgiTestRecords().stdout(1, "one").raw(1, FcgiTestRecords.END_REQUEST, 1, new byte[8], 8).bytes();
        byte[] second = new FcgiTestRecords().stdout(1, "two").endRequest(1, 0, 0).bytes();
        ByteBuffer both = ByteBuffer.allocate(first.length + second.length).put(first).put(second).flip();
        assertTrue(parser.feedToEnd(both));
        assertEquals(second.length, both.remaining(), "the second reply is left, padding of the first consumed");
        assertEquals("one", listener.stdoutText());
        RecordingListener next = new RecordingListener();
        assertTrue(new FcgiResponseParser(next).feedToEnd(both));
        assertEquals("two", next.stdoutText());
        assertEquals(0, both.remaining());
    }

    @Test
    void feedToEndSaysNotYetUntilThePaddingOfTheEndRequestRecordArrived() throws Exception {
        byte[] wire = new FcgiTestRecords().stdout(1, "one").raw(1, FcgiTestRecords.END_REQUEST, 1, new byte[8], 8).bytes();
        assertEquals(false, parser.feedToEnd(ByteBuffer.wrap(wire, 0, wire.length - 3)));
        assertTrue(parser.feedToEnd(ByteBuffer.wrap(wire, wire.length - 3, 3)));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void largeStdoutOverManyRecordsWithPadding(Feed feed) throws Exception {
        byte[] body = new byte[200_003];
        new Random(3).nextBytes(body);
        parseAll(feed, new FcgiTestRecords().stdout(513, body).endRequest(513, 0, 0).bytes());
        assertArrayEquals(body, listener.stdout.toByteArray());
        assertEquals("end 513 0 REQUEST_COMPLETE", listener.events.get(listener.events.size() - 1));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void emptyStreamRecordsAndLargePaddingAreSkipped(Feed feed) throws Exception {
        byte[] wire = new FcgiTestRecords()
                .raw(1, FcgiTestRecords.STDOUT, 2, new byte[0], 0)
                .raw(1, FcgiTestRecords.STDOUT, 2, "ab".getBytes(StandardCharsets.US_ASCII), 255)
                .raw(1, FcgiTestRecords.STDERR, 2, new byte[0], 7)
                .endRequest(2, 0, 0)
                .bytes();
        parseAll(feed, wire);
        assertEquals("ab", listener.stdoutText());
        assertEquals(List.of("stdout 2", "end 2 0 REQUEST_COMPLETE"), listener.events);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void endRequestStatuses(Feed feed) throws Exception {
        byte[] wire = new FcgiTestRecords()
                .endRequest(1, -1, 0)
                .endRequest(2, 255, 1)
                .endRequest(3, 0x01020304, 2)
                .endRequest(65_535, 0, 3)
                .bytes();
        parseAll(feed, wire);
        assertEquals(List.of("end 1 -1 REQUEST_COMPLETE", "end 2 255 CANT_MPX_CONN",
                "end 3 16909060 OVERLOADED", "end 65535 0 UNKNOWN_ROLE"), listener.events);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void managementRecords(Feed feed) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("FCGI_MAX_CONNS", "5");
        values.put("FCGI_MPXS_CONNS", "0");
        values.put("LONG_" + "X".repeat(150), "y".repeat(200));
        byte[] wire = new FcgiTestRecords()
                .getValuesResult(values)
                .getValuesResult(Map.of())
                .record(FcgiTestRecords.UNKNOWN_TYPE, 0, bytes(42, 0, 0, 0, 0, 0, 0, 0))
                .bytes();
        parseAll(feed, wire);
        assertEquals(List.of("values " + values, "values {}", "unknown 42"), listener.events);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void unsupportedVersion(Feed feed) {
        byte[] wire = new FcgiTestRecords().raw(2, FcgiTestRecords.STDOUT, 1, new byte[1], 0).bytes();
        assertEquals("unsupported FastCGI version 2 (expected 1)", rejected(feed, wire).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void unknownRecordType(Feed feed) {
        for (int type : new int[] {0, 12, 255}) {
            FcgiResponseParser p = new FcgiResponseParser(listener);
            byte[] wire = new FcgiTestRecords().raw(1, type, 1, new byte[0], 0).bytes();
            FcgiProtocolException e = assertThrows(FcgiProtocolException.class,
                    () -> feed.into(p, wire));
            assertEquals("unknown FastCGI record type " + type + " (expected 1..11)",
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void recordsOnlyAClientMaySendAreRejected(Feed feed) {
        Map<Integer, String> types = Map.of(1, "BEGIN_REQUEST", 2, "ABORT_REQUEST", 4, "PARAMS",
                5, "STDIN", 8, "DATA", 9, "GET_VALUES");
        types.forEach((code, name) -> {
            FcgiResponseParser p = new FcgiResponseParser(listener);
            byte[] wire = new FcgiTestRecords().record(code, code == 9 ? 0 : 1, new byte[8]).bytes();
            FcgiProtocolException e = assertThrows(FcgiProtocolException.class,
                    () -> feed.into(p, wire));
            assertEquals("FastCGI record type " + name + " (" + code
                    + ") may not be sent by a responder", e.getMessage());
        });
        assertTrue(listener.events.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void endRequestWithWrongLength(Feed feed) {
        for (int length : new int[] {0, 7, 9, 16}) {
            FcgiResponseParser p = new FcgiResponseParser(listener);
            byte[] wire = new FcgiTestRecords()
                    .record(FcgiTestRecords.END_REQUEST, 1, new byte[length]).bytes();
            FcgiProtocolException e = assertThrows(FcgiProtocolException.class,
                    () -> feed.into(p, wire));
            assertEquals("END_REQUEST record with a body of " + length + " bytes (expected 8)",
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void endRequestWithUnknownProtocolStatus(Feed feed) {
        byte[] wire = new FcgiTestRecords().endRequest(1, 0, 4).bytes();
        assertEquals("unknown FastCGI protocol status 4 (expected 0..3)",
                rejected(feed, wire).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void getValuesResultWhosePairsDoNotFillTheRecord(Feed feed) {
        // a pair claiming 5 + 9 bytes in a record of 2 + 5 + 3
        byte[] content = bytes(5, 9, 'N', 'A', 'M', 'E', 'S', 'v', 'a', 'l');
        byte[] wire = new FcgiTestRecords().record(FcgiTestRecords.GET_VALUES_RESULT, 0, content)
                .bytes();
        assertEquals("malformed GET_VALUES_RESULT record of 10 bytes: name-value pair of 5+9"
                + " bytes runs past the 8 bytes left in the record", rejected(feed, wire).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void getValuesResultWithATruncatedFourByteLength(Feed feed) {
        byte[] wire = new FcgiTestRecords()
                .record(FcgiTestRecords.GET_VALUES_RESULT, 0, bytes(1, 0x80, 0)).bytes();
        assertTrue(rejected(feed, wire).getMessage().contains("4-byte length has only 2 bytes"));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void requestIdsMustMatchTheRecordKind(Feed feed) {
        byte[] stdoutOnZero = new FcgiTestRecords().stdout(0, "x").bytes();
        assertEquals("STDOUT record with request id 0, which is for management records only",
                rejected(feed, stdoutOnZero).getMessage());
        FcgiResponseParser p = new FcgiResponseParser(listener);
        byte[] valuesOnOne = new FcgiTestRecords()
                .record(FcgiTestRecords.GET_VALUES_RESULT, 1, new byte[0]).bytes();
        FcgiProtocolException e = assertThrows(FcgiProtocolException.class,
                () -> feed.into(p, valuesOnOne));
        assertEquals("GET_VALUES_RESULT record with request id 1 (expected 0 for a management"
                + " record)", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void truncatedHeaderAtEndOfInput(Feed feed) {
        byte[] whole = new FcgiTestRecords().stdout(1, "abc").bytes();
        byte[] wire = java.util.Arrays.copyOf(whole, 5);
        assertEquals("truncated record: input ended after 5 of 8 header bytes",
                rejected(feed, wire).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void truncatedContentAtEndOfInput(Feed feed) throws Exception {
        byte[] whole = new FcgiTestRecords().stdout(1, "Status: 200\r\n\r\nbody!").bytes();
        byte[] wire = java.util.Arrays.copyOf(whole, 8 + 10);
        assertEquals("truncated record: input ended after 10 of 20 content bytes of the STDOUT"
                + " record", rejected(feed, wire).getMessage());
        assertEquals("Status: 20", listener.stdoutText(), "what arrived was passed on");
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void truncatedEndRequestAndPadding(Feed feed) {
        byte[] end = new FcgiTestRecords().endRequest(1, 0, 0).bytes();
        assertTrue(rejected(feed, java.util.Arrays.copyOf(end, 12)).getMessage()
                .contains("4 of 8 content bytes of the END_REQUEST record"));
        FcgiResponseParser p = new FcgiResponseParser(listener);
        byte[] padded = new FcgiTestRecords().stdout(1, "abc").bytes(); // 3 bytes + 5 padding
        FcgiProtocolException e = assertThrows(FcgiProtocolException.class, () -> {
            feed.into(p, java.util.Arrays.copyOf(padded, padded.length - 2));
            p.endOfInput();
        });
        assertEquals("truncated record: input ended after the content of the STDOUT record,"
                + " with 2 padding bytes missing", e.getMessage());
    }

    @Test
    void endOfInputBetweenRecordsIsFine() throws Exception {
        parser.endOfInput();
        parser.feed(ByteBuffer.wrap(new FcgiTestRecords().stdout(1, "x").bytes()));
        parser.endOfInput();
        assertEquals("x", listener.stdoutText());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void anHttpServerInsteadOfFastCgiIsRejectedAtOnce(Feed feed) {
        byte[] wire = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("unsupported FastCGI version 72 (expected 1)", rejected(feed, wire).getMessage());
    }

    @Test
    void randomGarbageNeverHangsAndFailsOnlyWithProtocolExceptions() {
        Random random = new Random(99);
        int rejected = 0;
        for (int round = 0; round < 500; round++) {
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            if (random.nextBoolean()) {
                garbage[0] = 1; // get past the version check more often
            }
            FcgiResponseParser p = new FcgiResponseParser(new RecordingListener());
            try {
                Feed.values()[round % 3].into(p, garbage);
                p.endOfInput();
            } catch (FcgiProtocolException e) {
                rejected++;
            } catch (RuntimeException e) {
                fail("round " + round + " threw " + e);
            }
        }
        assertTrue(rejected > 450, "almost all garbage is rejected, was " + rejected);
    }

    @Test
    void aFailedParserRefusesMoreInput() {
        byte[] bad = new FcgiTestRecords().raw(3, 6, 1, new byte[0], 0).bytes();
        assertThrows(FcgiProtocolException.class, () -> parser.feed(ByteBuffer.wrap(bad)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parser.feed(ByteBuffer.wrap(new byte[1])));
        assertTrue(e.getMessage().contains("failed earlier"));
        assertThrows(IllegalStateException.class, parser::endOfInput);
    }

    @Test
    void listenerExceptionsPropagateAndBreakTheParser() {
        FcgiResponseParser p = new FcgiResponseParser(new FcgiResponseListener() {
            @Override
            public void onStdout(int requestId, ByteBuffer content) throws FcgiProtocolException {
                throw new FcgiProtocolException("no thanks");
            }
        });
        byte[] wire = new FcgiTestRecords().stdout(1, "x").bytes();
        assertEquals("no thanks", assertThrows(FcgiProtocolException.class,
                () -> p.feed(ByteBuffer.wrap(wire))).getMessage());
        assertThrows(IllegalStateException.class, () -> p.feed(ByteBuffer.wrap(wire)));
    }

    @Test
    void stdoutContentIsAViewOfTheInputNotACopy() throws Exception {
        byte[] wire = new FcgiTestRecords().stdout(1, "view").bytes();
        ByteBuffer[] seen = new ByteBuffer[1];
        new FcgiResponseParser(new FcgiResponseListener() {
            @Override
            public void onStdout(int requestId, ByteBuffer content) {
                seen[0] = content;
            }
        }).feed(ByteBuffer.wrap(wire));
        assertTrue(seen[0].array() == wire, "shares the input array");
        assertEquals(8, seen[0].arrayOffset() + seen[0].position());
        assertEquals(4, seen[0].remaining());
    }

    @Test
    void feedConsumesEverything() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(new FcgiTestRecords().stdout(1, "abc").endRequest(1, 0, 0)
                .bytes());
        parser.feed(in);
        assertEquals(0, in.remaining());
    }
}
