package dev.fpmjms.transport;

import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.testing.Await;
import dev.fpmjms.transport.FakeFcgiServer.Action;
import dev.fpmjms.transport.FcgiTransportException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a scripted fake FastCGI server: retry rules, failure classes, ordering, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FcgiClientTest {

    private static final Map<String, String> PARAMS = Map.of("SCRIPT_FILENAME", "/x.php");

    private static FcgiClientSettings keepAlive(int maxInFlight) {
        // No pool sharing (its probe connections would take connection numbers the scripts count
        // on), and kept connections stay while the test thread sends its next request.
        return FcgiClientSettings.builder().keepAlive(true).maxInFlight(maxInFlight)
                .readTimeout(Duration.ofSeconds(5)).saturationWait(Duration.ZERO).idleLinger(Duration.ofSeconds(30))
                .build();
    }

    private static String body(CompletableFuture<FcgiResponse> f) throws Exception {
        FcgiResponse r = f.get(10, TimeUnit.SECONDS);
        return new String(CgiResponseParser.parse(r.stdout(), 8192).body(), StandardCharsets.US_ASCII);
    }

    private static FcgiTransportException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(FcgiTransportException.class, e.getCause());
    }

    @Test
    void staleReusedConnectionIsResentOnceOnAFreshOne() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> c == 0 && r == 1 ? Action.CLOSE_SILENTLY : Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), keepAlive(1))) {
            assertEquals("ok c0 r0", body(client.execute(PARAMS, new byte[0])));
            assertEquals("ok c1 r0", body(client.execute(PARAMS, new byte[0])));
            assertEquals(2, server.connections());
            assertEquals(3, server.requests());
        }
    }

    @Test
    void staleRetryHappensOnlyOnce() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> c == 0 && r == 0 ? Action.REPLY : Action.CLOSE_SILENTLY);
             FcgiClient client = new FcgiClient(server.endpoint(), keepAlive(1))) {
            assertEquals("ok c0 r0", body(client.execute(PARAMS, new byte[0])));
            FcgiTransportException e = failure(client.execute(PARAMS, new byte[0]));
            assertEquals(Failure.LOST_AFTER_WRITE, e.failure(), e.getMessage());
            assertTrue(e.getMessage().contains("resent once"), e.getMessage());
            assertEquals(2, server.connections());
        }
    }

    @Test
    void freshConnectionClosedAfterTheRequestIsLostNotRetried() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> Action.CLOSE_SILENTLY);
             FcgiClient client = new FcgiClient(server.endpoint(), keepAlive(1))) {
            FcgiTransportException e = failure(client.execute(PARAMS, "body".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(Failure.LOST_AFTER_WRITE, e.failure(), e.getMessage());
            assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
            assertEquals(1, server.connections());
        }
    }

    @Test
    void reusedConnectionCutAfterReplyBytesIsNotRetried() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> r == 0 ? Action.REPLY : Action.PARTIAL_THEN_CLOSE);
             FcgiClient client = new FcgiClient(server.endpoint(), keepAlive(1))) {
            body(client.execute(PARAMS, new byte[0]));
            FcgiTransportException e = failure(client.execute(PARAMS, new byte[0]));
            assertEquals(Failure.LOST_AFTER_WRITE, e.failure(), e.getMessage());
            assertEquals(1, server.connections());
            assertEquals(2, server.requests());
        }
    }

    @Test
    void garbageIsAnInvalidResponse() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> Action.GARBAGE);
             FcgiClient client = new FcgiClient(server.endpoint(), keepAlive(1))) {
            FcgiTransportException e = failure(client.execute(PARAMS, new byte[0]));
            assertEquals(Failure.INVALID_RESPONSE, e.failure(), e.getMessage());
        }
    }

    @Test
    void waitingRequestsRunInSubmissionOrder() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), keepAlive(1))) {
            List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<FcgiResponse>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                all.add(client.execute(PARAMS, new byte[0]).whenComplete((r, e) -> completed.add(n)));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("ok c0 r" + i, body(all.get(i)));
            }
            assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), completed);
            assertEquals(1, server.connections());
        }
    }

    @Test
    void closeFailsInFlightAndWaitingRequests() throws Exception {
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> Action.HANG)) {
            FcgiClient client = new FcgiClient(server.endpoint(), keepAlive(1));
            CompletableFuture<FcgiResponse> first = client.execute(PARAMS, new byte[0]);
            CompletableFuture<FcgiResponse> second = client.execute(PARAMS, new byte[0]);
            Await.until("the server read the first request", Duration.ofSeconds(30), () -> server.requests() > 0);
            assertEquals(1, server.requests());
            client.close();
            assertEquals(Failure.LOST_AFTER_WRITE, failure(first).failure());
            assertEquals(Failure.NOT_DELIVERED, failure(second).failure());
            assertEquals(Failure.NOT_DELIVERED, failure(client.execute(PARAMS, new byte[0])).failure());
            client.close();
        }
    }

    @Test
    void fullListenBacklogIsNotDelivered(@TempDir Path dir) throws Exception {
        // A unix socket nobody accepts on: once its backlog is full, connect fails with EAGAIN.
        Path sock = dir.resolve("full.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock), 1);
            FcgiClientSettings s = FcgiClientSettings.builder().keepAlive(false).maxInFlight(8)
                    .readTimeout(Duration.ofMillis(300)).build();
            try (FcgiClient client = new FcgiClient(FcgiEndpoint.unix(sock), s)) {
                List<CompletableFuture<FcgiResponse>> all = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    all.add(client.execute(PARAMS, new byte[0]));
                }
                int notDelivered = 0;
                for (CompletableFuture<FcgiResponse> f : all) {
                    FcgiTransportException e = failure(f);
                    if (e.failure() == Failure.NOT_DELIVERED) {
                        notDelivered++;
                    } else {
                        assertEquals(Failure.TIMED_OUT, e.failure(), e.getMessage());
                    }
                }
                assertTrue(notDelivered >= 1, "no connect was refused for a full backlog");
            }
        }
    }

    @Test
    void missingUnixSocketIsNotDelivered(@TempDir Path dir) throws Exception {
        try (FcgiClient client = new FcgiClient(FcgiEndpoint.unix(dir.resolve("none.sock")), keepAlive(1))) {
            FcgiTransportException e = failure(client.execute(PARAMS, new byte[0]));
            assertEquals(Failure.NOT_DELIVERED, e.failure());
            assertTrue(e.getMessage().contains("none.sock"), e.getMessage());
        }
    }

    @Test
    void anIdleKeptConnectionIsClosedAfterTheLinger() throws Exception {
        FcgiClientSettings s = FcgiClientSettings.builder().keepAlive(true).maxInFlight(2)
                .idleLinger(Duration.ofMillis(50)).saturationWait(Duration.ZERO).build();
        try (FakeFcgiServer server = new FakeFcgiServer((c, r) -> Action.REPLY);
             FcgiClient client = new FcgiClient(server.endpoint(), s)) {
            assertEquals("ok c0 r0", body(client.execute(PARAMS, new byte[0])));
            awaitTrue(() -> server.openConnections() == 0, "the idle connection was closed");
            assertEquals("ok c1 r0", body(client.execute(PARAMS, new byte[0])));
        }
    }

    @Test
    void aRequestThatNoChildAcceptsWithinTenReadTimeoutsIsNotDelivered(@TempDir Path dir) throws Exception {
        // A unix socket nobody accepts on, backlog room for all: every connect succeeds and waits.
        Path sock = dir.resolve("busy.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock), 50);
            FcgiClientSettings s = FcgiClientSettings.builder().keepAlive(true).maxInFlight(2)
                    .readTimeout(Duration.ofMillis(100)).build();
            try (FcgiClient client = new FcgiClient(FcgiEndpoint.unix(sock), s)) {
                for (CompletableFuture<FcgiResponse> f : List.of(client.execute(PARAMS, new byte[0]),
                        client.execute(PARAMS, new byte[0]))) {
                    FcgiTransportException e = failure(f);
                    assertEquals(Failure.NOT_DELIVERED, e.failure(), e.getMessage());
                    assertTrue(e.getMessage().contains("saturated"), e.getMessage());
                }
            }
            // Without the sharing rules the wait in the backlog counts against the read timeout as before.
            try (FcgiClient client = new FcgiClient(FcgiEndpoint.unix(sock), FcgiClientSettings.builder()
                    .readTimeout(Duration.ofMillis(300)).saturationWait(Duration.ZERO).build())) {
                assertEquals(Failure.TIMED_OUT, failure(client.execute(PARAMS, new byte[0])).failure());
            }
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(30), condition::getAsBoolean);
    }
}
