package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class FpmEnginePersistenceTest {
    private static final RetryPolicy FAST_RETRY =
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0, false);
    private static final DestinationRef LOCAL = DestinationRef.queue("local");
    private static final DestinationRef WORK = DestinationRef.queue("work");

    @TempDir
    Path dataDir;
    private FpmConfig config;
    private FpmEngine engine;

    private FpmEngine start(ScriptedGateway gateway) {
        if (config == null) {
            config = FpmConfig.builder().name("persist-" + UUID.randomUUID())
                    .route(FpmRoute.builder("work").endpoint("/run/fake.sock").script("/srv/w.php").retryPolicy(FAST_RETRY).build())
                    .localQueue("local").maxQueueMessages(10_000).fullQueuePolicy(FullQueuePolicy.FAIL)
                    .dataDirectory(dataDir).build();
        }
        engine = EngineRegistry.shared().engine(config, c -> gateway);
        return engine;
    }

    /** A gateway whose php-fpm refuses every connection: messages wait in the worker queue. */
    private static ScriptedGateway refusing() {
        ScriptedGateway g = new ScriptedGateway();
        g.rule = e -> Result.NOT_DELIVERED;
        return g;
    }

    private void restart(ScriptedGateway gateway) {
        engine.shutdown();
        start(gateway);
    }

    @AfterEach
    void shutdown() {
        if (engine != null) {
            engine.shutdown();
        }
    }

    private FpmEnvelope msg(DestinationRef to, String body, boolean persistent) {
        return FpmEnvelope.builder(to).messageId(engine.newMessageId()).persistent(persistent)
                .body(BodyType.TEXT, body).build();
    }

    /** Receives and acknowledges everything on a destination until it stays empty for a moment. */
    private List<String> drain(DestinationRef from, int expected) throws Exception {
        List<String> got = new ArrayList<>();
        try (Subscription s = engine.consumerQueue(from).subscribe(null, null)) {
            while (got.size() < expected) {
                Delivery d = s.take(5, TimeUnit.SECONDS);
                assertNotNull(d, "message " + got.size() + " of " + expected + " on " + from);
                got.add((String) d.envelope().body());
                d.acknowledge();
            }
            assertNull(s.take(50, TimeUnit.MILLISECONDS), "nothing more on " + from);
        }
        return got;
    }

    /**
     * Bytes of records in the journal's segments: each segment's header and records up to the
     * zero-filled space the journal preallocates after them (a record length of 0 ends them).
     */
    private long journalBytes() throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(dataDir)) {
            segments = files.filter(p -> p.toString().endsWith(".seg")).collect(java.util.stream.Collectors.toList());
        }
        long total = 0;
        for (Path p : segments) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(p));
            int at = 16;
            while (at + 8 <= b.limit() && b.getInt(at) != 0) {
                at += 8 + b.getInt(at);
            }
            total += Math.min(at, b.limit());
        }
        return total;
    }

    private static List<String> numbered(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void persistentMessagesOnLocalWorkerAndDeadLetterQueuesSurviveARestart() throws Exception {
        start(refusing());
        for (int i = 0; i < 50; i++) {
            engine.send(msg(LOCAL, "local" + i, true));
            engine.send(msg(WORK, "work" + i, true));
            engine.send(msg(LOCAL, "volatile" + i, false));
            engine.send(msg(WORK, "volatile" + i, false));
        }
        engine.send(msg(DestinationRef.queue("DLQ"), "dead", true));
        ScriptedGateway echo = new ScriptedGateway();
        restart(echo);
        assertEquals(numbered("local", 50), drain(LOCAL, 50), "local queue, in order, non-persistent ones gone");
        assertEquals(new HashSet<>(numbered("work", 50)), new HashSet<>(drain(WORK, 50)), "worker requests redispatched, replies received");
        assertEquals(List.of("dead"), drain(DestinationRef.queue("DLQ"), 1));
        assertEquals(50, echo.seen.size(), "each persistent request reached PHP once after the restart");

        restart(refusing());
        assertEquals(0, engine.consumerQueue(LOCAL).size(), "acknowledged messages are not recovered");
        assertEquals(0, engine.consumerQueue(WORK).size());
        assertEquals(0, engine.consumerQueue(DestinationRef.queue("DLQ")).size());
    }

    @Test
    void repliesToPersistentRequestsAreStoredUntilConsumed() throws Exception {
        ScriptedGateway echo = new ScriptedGateway();
        start(echo);
        for (int i = 0; i < 20; i++) {
            engine.send(msg(WORK, "r" + i, true));
        }
        LocalQueue replies = engine.consumerQueue(WORK);
        Await.until("20 replies on " + WORK, Duration.ofSeconds(30), () -> replies.browse(null).size() >= 20);
        assertEquals(20, replies.browse(null).size());
        AtomicInteger calls = new AtomicInteger();
        ScriptedGateway after = new ScriptedGateway();
        after.rule = e -> {
            calls.incrementAndGet();
            return Result.NOT_DELIVERED;
        };
        restart(after);
        assertEquals(new HashSet<>(numbered("r", 20)), new HashSet<>(drain(WORK, 20)));
        assertEquals(0, calls.get(), "answered requests were removed, not dispatched again");
    }

    @Test
    void deliveryCountAndAcknowledgementsAreKept() throws Exception {
        start(refusing());
        for (int i = 0; i < 10; i++) {
            engine.send(msg(LOCAL, "m" + i, true));
        }
        try (Subscription s = engine.consumerQueue(LOCAL).subscribe(null, null)) {
            for (int i = 0; i < 4; i++) {
                s.take(1, TimeUnit.SECONDS).acknowledge();
            }
            Delivery again = s.take(1, TimeUnit.SECONDS);
            assertEquals("m4", again.envelope().body());
            again.release(true, 0);
            s.take(1, TimeUnit.SECONDS);
        }
        restart(refusing());
        try (Subscription s = engine.consumerQueue(LOCAL).subscribe(null, null)) {
            Delivery first = s.take(1, TimeUnit.SECONDS);
            assertEquals("m4", first.envelope().body());
            assertEquals(2, first.envelope().deliveryCount(), "the counted delivery before the restart is remembered");
            assertTrue(first.envelope().redelivered());
            first.acknowledge();
        }
        assertEquals(numbered("m", 10).subList(5, 10), drain(LOCAL, 5), "in flight at shutdown: delivered again");
    }

    @Test
    void transactionsAreStoredAsOneBatch() throws Exception {
        start(refusing());
        List<FpmEnvelope> tx = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tx.add(msg(LOCAL, "t" + i, true));
            tx.add(msg(WORK, "w" + i, true));
        }
        tx.add(msg(LOCAL, "gone", false));
        engine.sendAll(tx);
        restart(new ScriptedGateway());
        assertEquals(numbered("t", 5), drain(LOCAL, 5));
        assertEquals(new HashSet<>(numbered("w", 5)), new HashSet<>(drain(WORK, 5)));
    }

    @Test
    void nonPersistentAndTemporaryQueueMessagesNeverTouchTheStore() throws Exception {
        start(refusing());
        long empty = journalBytes();
        DestinationRef temp = engine.createTemporaryQueue("conn-1");
        for (int i = 0; i < 20; i++) {
            engine.send(msg(LOCAL, "v" + i, false));
            engine.send(msg(WORK, "v" + i, false));
            engine.send(msg(temp, "p" + i, true));
        }
        assertEquals(20, engine.consumerQueue(temp).size());
        assertEquals(empty, journalBytes(), "no record was written");
        engine.send(msg(LOCAL, "stored", true));
        assertTrue(journalBytes() > empty, "a persistent send writes a record");
    }

    @Test
    void expiredPersistentMessagesAreRemovedFromTheStore() throws Exception {
        start(refusing());
        engine.shutdown();
        LocalQueueTest.MutableClock clock = new LocalQueueTest.MutableClock(1_000_000);
        engine = new FpmEngine(config, refusing(), clock);
        engine.send(msg(LOCAL, "short", true).toBuilder().expiration(clock.millis() + 100).build());
        engine.send(msg(LOCAL, "long", true));
        clock.advance(100);
        assertEquals(List.of("long"), drain(LOCAL, 1), "the expired one was dropped (and removed)");
        assertEquals(1, engine.consumerQueue(LOCAL).expiredCount());
        engine.send(msg(LOCAL, "expiring", true).toBuilder().expiration(clock.millis() + 100).build());
        engine.shutdown();
        clock.advance(100);
        engine = new FpmEngine(config, refusing(), clock);
        assertEquals(0, engine.consumerQueue(LOCAL).size(), "expired while down: dropped at recovery");
        assertEquals(1, engine.consumerQueue(LOCAL).expiredCount());
        engine.shutdown();
        engine = new FpmEngine(config, refusing(), clock);
        assertEquals(0, engine.consumerQueue(LOCAL).expiredCount(), "and removed from the store then");
    }

    @Test
    void aSecondEngineOnTheSameDirectoryIsRefused() {
        start(refusing());
        FpmConfig other = config.toBuilder().name("other-" + UUID.randomUUID()).build();
        ScriptedGateway g = new ScriptedGateway();
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> EngineRegistry.shared().engine(other, c -> g));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
        assertFalse(engine.isShutdown());
    }

    @Test
    void storeIdsAreNotReusedAcrossRestarts() throws Exception {
        start(refusing());
        engine.send(msg(LOCAL, "a", true));
        restart(refusing());
        engine.send(msg(LOCAL, "b", true));
        restart(refusing());
        Set<String> got = new HashSet<>(drain(LOCAL, 2));
        assertEquals(Set.of("a", "b"), got);
        restart(refusing());
        assertEquals(0, engine.consumerQueue(LOCAL).size());
    }
}
