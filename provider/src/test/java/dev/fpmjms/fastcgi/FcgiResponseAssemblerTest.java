package dev.fpmjms.fastcgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FcgiResponseAssemblerTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static FcgiResponse assemble(Feed feed, FcgiResponseAssembler assembler, byte[] wire)
            throws FcgiProtocolException {
        FcgiResponseParser parser = new FcgiResponseParser(assembler);
        feed.into(parser, wire);
        parser.endOfInput();
        return assembler.response();
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void collectsOneResponse(Feed feed) throws Exception {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(4, 1024, 1024);
        byte[] wire = new FcgiTestRecords()
                .stdout(4, "Content-type: text/plain\r\n\r\n")
                .stderr(4, "warn 1;")
                .stdout(4, "body")
                .stderr(4, "warn 2")
                .endRequest(4, 3, 0)
                .bytes();
        FcgiResponse r = assemble(feed, assembler, wire);
        assertTrue(assembler.isComplete());
        assertEquals("Content-type: text/plain\r\n\r\nbody", text(r.stdout()));
        assertEquals("warn 1;warn 2", text(r.stderr()));
        assertFalse(r.stderrTruncated());
        assertEquals(3, r.appStatus());
        assertEquals(FcgiProtocolStatus.REQUEST_COMPLETE, r.protocolStatus());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void largeStdoutIsCollectedExactly(Feed feed) throws Exception {
        byte[] body = new byte[300_000];
        new Random(5).nextBytes(body);
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, body.length, 0);
        FcgiResponse r = assemble(feed, assembler,
                new FcgiTestRecords().stdout(1, body).endRequest(1, 0, 0).bytes());
        assertArrayEquals(body, r.stdout(), "exactly at the limit is accepted");
        assertEquals(0, r.stderr().length);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void emptyResponse(Feed feed) throws Exception {
        FcgiResponse r = assemble(feed, new FcgiResponseAssembler(1, 10, 10),
                new FcgiTestRecords().endRequest(1, 0, 2).bytes());
        assertEquals(0, r.stdout().length);
        assertEquals(FcgiProtocolStatus.OVERLOADED, r.protocolStatus());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void stdoutOverTheLimitFailsFastWithoutBufferingIt(Feed feed) {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 1000, 10);
        // one 65,535-byte STDOUT record and no END_REQUEST: must fail inside the record
        byte[] wire = new FcgiTestRecords().raw(1, FcgiTestRecords.STDOUT, 1, new byte[65_535], 0)
                .bytes();
        FcgiResponseParser parser = new FcgiResponseParser(assembler);
        FcgiProtocolException e = assertThrows(FcgiProtocolException.class,
                () -> feed.into(parser, wire));
        assertEquals("FastCGI reply too large: STDOUT of request 1 exceeds the limit of 1000"
                + " bytes (maxStdoutBytes)", e.getMessage());
        assertTrue(assembler.stdoutLength() <= 1000, "held " + assembler.stdoutLength());
        assertFalse(assembler.isComplete());
    }

    @Test
    void stdoutFailsOnTheFirstByteOverTheLimit() throws Exception {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 5, 0);
        FcgiResponseParser parser = new FcgiResponseParser(assembler);
        byte[] wire = new FcgiTestRecords().stdout(1, "12345678").bytes();
        for (int i = 0; i < 8 + 5; i++) { // header and the 5 allowed bytes
            parser.feed(ByteBuffer.wrap(wire, i, 1));
        }
        assertEquals(5, assembler.stdoutLength());
        assertThrows(FcgiProtocolException.class, () -> parser.feed(ByteBuffer.wrap(wire, 13, 1)));
        assertEquals(5, assembler.stdoutLength());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void stderrOverTheLimitIsTruncatedNotAnError(Feed feed) throws Exception {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(2, 100, 10);
        byte[] wire = new FcgiTestRecords()
                .stderr(2, "0123456")
                .stdout(2, "ok")
                .stderr(2, "789abcdef")
                .stderr(2, "ghij")
                .endRequest(2, 0, 0)
                .bytes();
        FcgiResponse r = assemble(feed, assembler, wire);
        assertEquals("0123456789", text(r.stderr()));
        assertTrue(r.stderrTruncated());
        assertEquals("ok", text(r.stdout()));
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void stderrExactlyAtTheLimitIsNotTruncated(Feed feed) throws Exception {
        FcgiResponse r = assemble(feed, new FcgiResponseAssembler(2, 0, 4),
                new FcgiTestRecords().stderr(2, "abcd").endRequest(2, 0, 0).bytes());
        assertEquals("abcd", text(r.stderr()));
        assertFalse(r.stderrTruncated());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void recordsOfAnotherRequestAreRejected(Feed feed) {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 100, 100);
        byte[] wire = new FcgiTestRecords().stdout(1, "a").stdout(2, "b").endRequest(1, 0, 0)
                .bytes();
        FcgiProtocolException e = assertThrows(FcgiProtocolException.class,
                () -> assemble(feed, assembler, wire));
        assertEquals("STDOUT record for request id 2 while waiting for request 1", e.getMessage());

        FcgiResponseAssembler other = new FcgiResponseAssembler(1, 100, 100);
        byte[] end = new FcgiTestRecords().endRequest(9, 0, 0).bytes();
        assertEquals("END_REQUEST record for request id 9 while waiting for request 1",
                assertThrows(FcgiProtocolException.class, () -> assemble(feed, other, end))
                        .getMessage());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void anythingAfterEndRequestIsRejected(Feed feed) {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 100, 100);
        byte[] wire = new FcgiTestRecords().endRequest(1, 0, 0).stdout(1, "late").bytes();
        assertEquals("STDOUT record for request 1 after its END_REQUEST",
                assertThrows(FcgiProtocolException.class, () -> assemble(feed, assembler, wire))
                        .getMessage());
        assertTrue(assembler.isComplete());
    }

    @Test
    void responseBeforeEndRequestIsIllegal() throws Exception {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 100, 100);
        new FcgiResponseParser(assembler).feed(
                ByteBuffer.wrap(new FcgiTestRecords().stdout(1, "partial").bytes()));
        assertFalse(assembler.isComplete());
        assertEquals("FastCGI request 1 is not complete: no END_REQUEST yet",
                assertThrows(IllegalStateException.class, assembler::response).getMessage());
    }

    @Test
    void managementRecordsAreIgnored() throws Exception {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 100, 100);
        FcgiResponse r = assemble(Feed.WHOLE, assembler, new FcgiTestRecords()
                .getValuesResult(java.util.Map.of("FCGI_MAX_CONNS", "1"))
                .stdout(1, "x").endRequest(1, 0, 0).bytes());
        assertEquals("x", text(r.stdout()));
    }

    @Test
    void constructorRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new FcgiResponseAssembler(0, 1, 1));
        assertEquals("maxStdoutBytes must be >= 0, was -1", assertThrows(
                IllegalArgumentException.class, () -> new FcgiResponseAssembler(1, -1, 1))
                .getMessage());
        assertEquals("maxStderrBytes must be >= 0, was -2", assertThrows(
                IllegalArgumentException.class, () -> new FcgiResponseAssembler(1, 1, -2))
                .getMessage());
    }

    /** A budget that records what is reserved, for the assembler's side of the contract. */
    private static final class CountingMemory implements FcgiReplyMemory {
        private final long limit;
        long used;
        long peak;

        CountingMemory(long limit) {
            this.limit = limit;
        }

        @Override
        public boolean tryReserve(long bytes) {
            if (used + bytes > limit) {
                return false;
            }
            used += bytes;
            peak = Math.max(peak, used);
            return true;
        }

        @Override
        public void release(long bytes) {
            used -= bytes;
        }

        @Override
        public String toString() {
            return "a budget of " + limit + " bytes";
        }
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void stderrStreamedPastTheLargerLimitFailsInsteadOfRunningToTheReadTimeout(Feed feed) throws Exception {
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 10, 4);
        byte[] wire = new FcgiTestRecords().stderr(1, "0123456").stderr(1, "789a").bytes();
        FcgiLimitException e = assertThrows(FcgiLimitException.class,
                () -> feed.into(new FcgiResponseParser(assembler), wire));
        assertEquals(FcgiLimitException.Limit.REPLY_SIZE, e.limit());
        assertEquals("FastCGI reply too large: STDERR of request 1 exceeds the limit of 10 bytes (the larger of"
                + " maxStdoutBytes and maxStderrBytes; the first 4 bytes were kept)", e.getMessage());
        // Exactly at the limit is still a truncated STDERR, not an error.
        FcgiResponse r = assemble(feed, new FcgiResponseAssembler(1, 10, 4),
                new FcgiTestRecords().stderr(1, "0123456789").endRequest(1, 0, 0).bytes());
        assertEquals("0123", text(r.stderr()));
        assertTrue(r.stderrTruncated());
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void bufferGrowthIsReservedBeforeItHappensAndGivenBackOnRelease(Feed feed) throws Exception {
        CountingMemory memory = new CountingMemory(1000);
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 10_000, 100, memory);
        byte[] wire = new FcgiTestRecords().stdout(1, "x".repeat(600)).stdout(1, "y".repeat(600)).bytes();
        FcgiLimitException e = assertThrows(FcgiLimitException.class,
                () -> feed.into(new FcgiResponseParser(assembler), wire));
        assertEquals(FcgiLimitException.Limit.REPLY_MEMORY, e.limit());
        assertTrue(e.getMessage().startsWith("no reply memory for request 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("would exceed a budget of 1000 bytes"), e.getMessage());
        assertTrue(memory.peak <= 1000, "peak " + memory.peak);
        assertTrue(assembler.stdoutLength() <= 1000);
        assembler.releaseMemory();
        assertEquals(0, memory.used);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void aCompleteResponseHoldsItsReservationUntilReleased(Feed feed) throws Exception {
        CountingMemory memory = new CountingMemory(1 << 20);
        FcgiResponseAssembler assembler = new FcgiResponseAssembler(1, 1 << 20, 100, memory);
        FcgiResponse r = assemble(feed, assembler, new FcgiTestRecords().stdout(1, "hello").stderr(1, "warn")
                .stdout(1, " world").endRequest(1, 0, 0).bytes());
        assertEquals("hello world", text(r.stdout()));
        assertEquals(assembler.reservedBytes(), memory.used);
        assertTrue(memory.used >= 15, "stdout and stderr are counted: " + memory.used);
        assembler.releaseMemory();
        assembler.releaseMemory();
        assertEquals(0, memory.used);
    }
}
