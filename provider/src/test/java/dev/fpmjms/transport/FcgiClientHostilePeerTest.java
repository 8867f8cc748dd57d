package dev.fpmjms.transport;

import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiRequestWriter;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.fastcgi.FcgiRole;
import dev.fpmjms.transport.FakeFcgiServer.Action;
import dev.fpmjms.transport.FcgiTransportException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that try to take a client down: endless STDOUT on every connection, endless STDERR, and a
 * reply whose handling kills the I/O thread. The client must fail those exchanges and keep serving.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FcgiClientHostilePeerTest {

    private static final Map<String, String> PARAMS = Map.of("SCRIPT_FILENAME", "/x.php");
    private static final int MIB = 1024 * 1024;

    private static String body(CompletableFuture<FcgiResponse> f) throws Exception {
        FcgiResponse r = f.get(30, TimeUnit.SECONDS);
        return new String(CgiResponseParser.parse(r.stdout(), 8192).body(), StandardCharsets.US_ASCII);
    }

    private static FcgiTransportException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(FcgiTransportException.class, e.getCause());
    }

    @Test
    void endlessStderrEndsAtTheReplyLimitNotAtTheReadTimeout() throws Exception {
        FcgiClientSettings settings = FcgiClientSettings.builder().keepAlive(true).maxInFlight(1)
                .readTimeout(Duration.ofMinutes(10)).maxStdoutBytes(MIB).maxStderrBytes(4096)
                .saturationWait(Duration.ZERO).idleLinger(Duration.ofMinutes(1)).build();
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> c == 0 ? Action.STREAM_STDERR : Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), settings)) {
            FcgiTransportException e = failure(client.execute(PARAMS, new byte[0]));
            assertEquals(Failure.REPLY_TOO_LARGE, e.failure(), e.getMessage());
            assertTrue(e.getMessage().contains("STDERR of request 1 exceeds the limit of 1048576 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("the first 4096 bytes were kept"), e.getMessage());
            assertEquals("ok c1 r0", body(client.execute(PARAMS, new byte[0])));
        }
    }

    @Test
    void endlessStdoutOnEveryConnectionFailsWithinTheSharedBudgetAndTheClientGoesOn() throws Exception {
        int flooders = 4;
        FcgiReplyBudget budget = new FcgiReplyBudget("test reply memory", 2 * MIB, null);
        FcgiClientSettings settings = FcgiClientSettings.builder().keepAlive(false).maxInFlight(flooders)
                .readTimeout(Duration.ofMinutes(10)).maxStdoutBytes(16 * MIB)
                .saturationWait(Duration.ZERO).idleLinger(Duration.ofMinutes(1)).build();
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> c < flooders ? Action.STREAM_STDOUT : Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), settings, budget)) {
            List<CompletableFuture<FcgiResponse>> floods = new ArrayList<>();
            for (int i = 0; i < flooders; i++) {
                floods.add(client.execute(PARAMS, new byte[0]));
            }
            for (CompletableFuture<FcgiResponse> f : floods) {
                FcgiTransportException e = failure(f);
                assertEquals(Failure.NO_REPLY_MEMORY, e.failure(), e.getMessage());
                assertTrue(e.getMessage().contains("test reply memory of 2097152 bytes"), e.getMessage());
            }
            assertTrue(budget.peak() <= 2 * MIB, "peak " + budget.peak());
            assertEquals(0, budget.used(), "every failed reply gave its memory back");
            assertEquals("ok c" + flooders + " r0", body(client.execute(PARAMS, new byte[0])));
            assertEquals(0, budget.used(), "a reply handed over is no longer counted");
        }
    }

    @Test
    void aLoopThatDiesIsReplacedAndTheWaitingRequestsRunOnItsSuccessor() throws Exception {
        FcgiClientSettings settings = FcgiClientSettings.builder().keepAlive(true).maxInFlight(1)
                .readTimeout(Duration.ofSeconds(30))
                .saturationWait(Duration.ZERO).idleLinger(Duration.ofMinutes(1)).build();
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), settings)) {
            List<ByteBuffer> request = FcgiRequestWriter.encode(FcgiClient.REQUEST_ID, FcgiRole.RESPONDER, true, PARAMS,
                    new byte[0]);
            // Whatever throws out of a turn of the loop: here the reply parser, with an Error no handler catches.
            FcgiExchange<Object> bomb = FcgiExchange.custom("bomb", false, request, () -> new FcgiExchange.Reply<>() {
                @Override
                public void feed(ByteBuffer bytes) {
                    throw new AssertionError("test: the I/O loop dies");
                }

                @Override
                public Object result() {
                    return null;
                }
            });
            CompletableFuture<Object> dies = client.submit(bomb);
            CompletableFuture<FcgiResponse> waiting = client.execute(PARAMS, new byte[0]); // behind the bomb: maxInFlight 1

            FcgiTransportException e = failure(dies);
            assertEquals(Failure.LOST_AFTER_WRITE, e.failure(), e.getMessage());
            assertInstanceOf(AssertionError.class, e.getCause());
            assertTrue(e.getMessage().contains("the client's I/O loop died"), e.getMessage());
            assertEquals("ok c1 r0", body(waiting));
            assertEquals("ok c1 r1", body(client.execute(PARAMS, new byte[0])));
            assertEquals(1, client.loopRestarts());
        }
    }
}
