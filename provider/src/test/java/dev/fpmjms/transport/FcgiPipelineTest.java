package dev.fpmjms.transport;

import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.transport.FakeFcgiServer.Action;
import dev.fpmjms.transport.FcgiTransportException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelining ({@link FcgiClientSettings#pipeline()}) against the scripted fake server, one request
 * slot: the first request W holds the slot while A and B are submitted (the server answers W only
 * then), so when W ends A gets the kept connection and B is written behind A at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FcgiPipelineTest {

    private static final Map<String, String> PARAMS = Map.of("SCRIPT_FILENAME", "/x.php");

    private static FcgiClientSettings oneSlot(boolean pipeline, Duration readTimeout) {
        return FcgiClientSettings.builder().keepAlive(true).maxInFlight(1).readTimeout(readTimeout)
                .saturationWait(Duration.ZERO).idleLinger(Duration.ofSeconds(30)).pipeline(pipeline).build();
    }

    /** W, A and B on one client; the server's script answers W once A and B are submitted. */
    private record Three(CompletableFuture<FcgiResponse> w, CompletableFuture<FcgiResponse> a,
                         CompletableFuture<FcgiResponse> b) {
        static Three send(FcgiClient client, CountDownLatch submitted) {
            CompletableFuture<FcgiResponse> w = client.execute(PARAMS, new byte[0]);
            CompletableFuture<FcgiResponse> a = client.execute(PARAMS, new byte[0]);
            CompletableFuture<FcgiResponse> b = client.execute(PARAMS, new byte[0]);
            submitted.countDown();
            return new Three(w, a, b);
        }
    }

    /** The script of connection 0: request 0 (W) waits for the latch, request 1 (A) does {@code a}. */
    private static FakeFcgiServer server(CountDownLatch submitted, Action a, Action afterA) throws Exception {
        return new FakeFcgiServer((c, r) -> {
            if (c == 0 && r == 0) {
                try {
                    assertTrue(submitted.await(30, TimeUnit.SECONDS), "the test submits A and B");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Action.REPLY;
            }
            if (c == 0 && r == 1) {
                return a;
            }
            return afterA;
        });
    }

    private static String body(CompletableFuture<FcgiResponse> f) throws Exception {
        FcgiResponse r = f.get(20, TimeUnit.SECONDS);
        return new String(CgiResponseParser.parse(r.stdout(), 8192).body(), StandardCharsets.US_ASCII);
    }

    private static FcgiTransportException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        return assertInstanceOf(FcgiTransportException.class, e.getCause());
    }

    @Test
    void theRequestBehindIsWrittenBeforeTheOneInFrontEndsAndTwoRepliesInOneReadAreSplit() throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        // The server holds A's reply until it has read B, then sends both in one write: A completes
        // only if B was written behind it, and the client's read carries the end of A and all of B.
        try (FakeFcgiServer server = server(submitted, Action.REPLY_WITH_NEXT, Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), oneSlot(true, Duration.ofSeconds(10)))) {
            Three t = Three.send(client, submitted);
            assertEquals("ok c0 r0", body(t.w()));
            assertEquals("ok c0 r1", body(t.a()));
            assertEquals("ok c0 r2", body(t.b()));
            assertEquals(1, server.connections(), "one kept connection");
        }
    }

    @Test
    void whenTheRequestInFrontFailsTheOneBehindIsNotDelivered() throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        try (FakeFcgiServer server = server(submitted, Action.PARTIAL_THEN_CLOSE, Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), oneSlot(true, Duration.ofSeconds(10)))) {
            Three t = Three.send(client, submitted);
            assertEquals("ok c0 r0", body(t.w()));
            assertEquals(Failure.LOST_AFTER_WRITE, failure(t.a()).failure());
            FcgiTransportException behind = failure(t.b());
            assertEquals(Failure.NOT_DELIVERED, behind.failure());
            assertTrue(behind.getMessage().contains("was not started: the request in front of it on the connection failed"),
                    behind.getMessage());
            assertEquals(2, server.requests(), "the server closed the connection without reading B");
        }
    }

    @Test
    void whenTheRequestInFrontTimesOutTheOneBehindIsNotDelivered() throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        try (FakeFcgiServer server = server(submitted, Action.HANG, Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), oneSlot(true, Duration.ofMillis(300)))) {
            Three t = Three.send(client, submitted);
            assertEquals("ok c0 r0", body(t.w()));
            assertEquals(Failure.TIMED_OUT, failure(t.a()).failure());
            assertEquals(Failure.NOT_DELIVERED, failure(t.b()).failure());
        }
    }

    @Test
    void aRequestBehindThatPhpFpmDiscardsAtMaxRequestsIsResentOnAFreshConnection() throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        // A is the child's last request: it answers A, then reads and discards B and closes.
        try (FakeFcgiServer server = server(submitted, Action.REPLY_THEN_CLOSE, Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), oneSlot(true, Duration.ofSeconds(10)))) {
            Three t = Three.send(client, submitted);
            assertEquals("ok c0 r0", body(t.w()));
            assertEquals("ok c0 r1", body(t.a()));
            assertEquals("ok c1 r0", body(t.b()));
        }
    }

    @Test
    void withoutPipeliningTheNextRequestWaitsForTheSlotAndAFailureInFrontIsNotItsOwn() throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        try (FakeFcgiServer server = server(submitted, Action.PARTIAL_THEN_CLOSE, Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), oneSlot(false, Duration.ofSeconds(10)))) {
            Three t = Three.send(client, submitted);
            assertEquals("ok c0 r0", body(t.w()));
            assertEquals(Failure.LOST_AFTER_WRITE, failure(t.a()).failure());
            assertEquals("ok c1 r0", body(t.b()));
            assertTrue(client.describeState().contains("pipelined 0"), client.describeState());
        }
    }
}
