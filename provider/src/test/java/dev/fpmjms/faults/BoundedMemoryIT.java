package dev.fpmjms.faults;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.QueueFullException;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million messages offered to a worker queue whose php-fpm is not there: the queue takes its
 * limit and not one more, the producer gets {@link QueueFullException} (after the send timeout
 * under BLOCK, at once under FAIL) instead of the heap growing, and when php-fpm appears every
 * accepted message is delivered.
 */
class BoundedMemoryIT {
    private static final int LIMIT = 10_000;
    private static final int IN_FLIGHT = 2;
    private static final int OFFERED = 1_000_000;
    private static final int BLOCKED_ATTEMPTS = 20;
    private static final Duration SEND_TIMEOUT = Duration.ofMillis(50);
    private static final long MAX_GROWTH_BYTES = 200L * 1024 * 1024;
    /** Growth allowed while refused sends run: none really; the slack covers GC noise. */
    private static final long MAX_REFUSED_GROWTH_BYTES = 16L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    @Timeout(600) // a million sends and 20,000 echoes: minutes on a busy 2-core machine; the verdict is counts and heap
    void aMillionMessagesToAStoppedPhpFpmStayWithinTheQueueLimit() throws Exception {
        Path socket = dir.resolve("php-fpm.sock");
        // The workers reach the echo script through this directory (they run as nobody when the JVM is root).
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        FpmEngine blocking = engine(socket, FullQueuePolicy.BLOCK);
        FpmEngine failing = engine(socket, FullQueuePolicy.FAIL);
        ExecutorService producerThread = Executors.newSingleThreadExecutor();
        try {
            long heapBefore = usedHeapAfterGc();

            // BLOCK: the limit is taken, then each further send waits the send timeout and fails.
            long[] blocked = producerThread.submit(() -> offer(blocking, LIMIT + BLOCKED_ATTEMPTS)).get(300, TimeUnit.SECONDS);
            assertEquals(LIMIT, blocked[0], "accepted under BLOCK");
            assertEquals(BLOCKED_ATTEMPTS, blocked[1], "refused under BLOCK");
            assertTrue(blocked[2] >= SEND_TIMEOUT.toNanos(), "each refusal came after the send timeout: shortest "
                    + TimeUnit.NANOSECONDS.toMillis(blocked[2]) + " ms");

            // FAIL: the same limit, and the other 990,000 sends fail at once.
            long[] refused = producerThread.submit(() -> offer(failing, LIMIT)).get(300, TimeUnit.SECONDS);
            assertEquals(LIMIT, refused[0]);
            long heapFull = usedHeapAfterGc();
            long started = System.nanoTime();
            refused = producerThread.submit(() -> offer(failing, OFFERED - LIMIT)).get(300, TimeUnit.SECONDS);
            long refusedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long heapAfter = usedHeapAfterGc();
            assertEquals(0, refused[0], "accepted beyond the limit");
            assertEquals(OFFERED - LIMIT, refused[1], "refused under FAIL");
            assertEquals(0, failing.consumerQueue(DestinationRef.queue("DLQ")).size(), "nothing dead-lettered while php-fpm is away");

            // php-fpm appears at the socket path: every accepted message goes through, once.
            long replies;
            // A child per kept-alive connection of the two engines (2 x maxInFlight): an idle kept
            // connection pins its child, and a connection without one waits in php-fpm's backlog.
            try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2 * IN_FLIGHT, 0, Map.of(), null)).start()) {
                Path real = Path.of(fpm.endpointString().substring("unix:".length()));
                // The routes' script is the echo worker of this php-fpm, reached through a link.
                Files.createSymbolicLink(dir.resolve("php"), fpm.scriptDirectory());
                Files.createSymbolicLink(socket, real);
                replies = distinctReplies(blocking) + distinctReplies(failing);
            }
            long growth = heapAfter - heapBefore;
            long refusedGrowth = heapAfter - heapFull;
            new Figures("million-to-stopped-php-fpm", 2L * LIMIT, replies, 0, 2L * LIMIT - replies,
                    "offered=" + (OFFERED + LIMIT + BLOCKED_ATTEMPTS) + " refused=" + (OFFERED - LIMIT + BLOCKED_ATTEMPTS)
                            + " maxQueueMessages=" + LIMIT + " blockedRefusalMs>=" + TimeUnit.NANOSECONDS.toMillis(blocked[2])
                            + " failFastUs=" + String.format("%.2f", refusedMillis * 1000.0 / (OFFERED - LIMIT))
                            + " heapGrowthMB=" + growth / (1024 * 1024) + " heapGrowthWhileRefusingMB="
                            + refusedGrowth / (1024 * 1024)).printAndCheck();
            assertTrue(growth < MAX_GROWTH_BYTES, "heap growth " + growth);
            assertTrue(refusedGrowth < MAX_REFUSED_GROWTH_BYTES, "heap growth while refusing " + refusedGrowth);
        } finally {
            producerThread.shutdownNow();
            blocking.shutdown();
            failing.shutdown();
        }
    }

    private FpmEngine engine(Path socket, FullQueuePolicy policy) {
        FpmRoute route = FpmRoute.builder("work").endpoint("unix:" + socket).script(dir.resolve("php/echo.php").toString())
                .maxInFlight(IN_FLIGHT)
                // A long backoff: while php-fpm is away each waiting message is retried once per backoff.
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0, false))
                .build();
        return EngineRegistry.shared().engine(FpmConfig.builder().name("faults-memory-" + policy + "-" + UUID.randomUUID())
                .maxQueueMessages(LIMIT).fullQueuePolicy(policy).sendTimeout(SEND_TIMEOUT).route(route).build(),
                FcgiGatewayFactory::new);
    }

    /** Sends {@code n} small messages; returns {accepted, refused, shortest refusal in ns}. */
    private static long[] offer(FpmEngine engine, int n) throws InterruptedException {
        long accepted = 0;
        long refused = 0;
        long shortestRefusal = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue("work")).messageId(engine.newMessageId())
                    .persistent(false).body(BodyType.TEXT, "m").build();
            long t = System.nanoTime();
            try {
                engine.send(e);
                accepted++;
            } catch (QueueFullException full) {
                refused++;
                shortestRefusal = Math.min(shortestRefusal, System.nanoTime() - t);
            } catch (Exception other) {
                throw new AssertionError("send " + i + " failed otherwise", other);
            }
        }
        return new long[]{accepted, refused, shortestRefusal};
    }

    private static long distinctReplies(FpmEngine engine) throws Exception {
        Set<String> ids = new HashSet<>();
        for (FpmEnvelope reply : Drain.take(engine, "work", LIMIT, 20_000)) {
            ids.add(reply.messageId());
        }

        return ids.size();
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
