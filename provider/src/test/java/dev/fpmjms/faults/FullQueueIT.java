package dev.fpmjms.faults;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.Delivery;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.QueueFullException;
import dev.fpmjms.engine.Subscription;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.config.ReplyOrder;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full queues: a producer blocks, then fails with {@link QueueFullException}, and gets through as
 * soon as a consumer acknowledges; replies nobody reads fill a worker queue's reply side, which
 * pauses dispatch with its in-flight slots held until the replies are consumed.
 */
class FullQueueIT {
    private final ExecutorService producerThread = Executors.newSingleThreadExecutor();
    private FpmEngine engine;

    @AfterEach
    void shutdown() {
        producerThread.shutdownNow();
        if (engine != null) {
            engine.shutdown();
        }
    }

    private FpmEnvelope message(String queue, String body) {
        return FpmEnvelope.builder(DestinationRef.queue(queue)).messageId(engine.newMessageId())
                .timestamp(System.currentTimeMillis()).persistent(false).body(BodyType.TEXT, body).build();
    }

    @Test
    @Timeout(90)
    void fullQueueBlocksTheProducerThenFailsItAndTakesTheMessageOnceAConsumerAcknowledges() throws Exception {
        long limit = 5;
        // Long enough that the blocked producer below outlasts any pause of this thread on a busy
        // machine: it must still be waiting when the consumer acknowledges.
        Duration sendTimeout = Duration.ofSeconds(8);
        engine = EngineRegistry.shared().engine(FpmConfig.builder().name("faults-full-" + UUID.randomUUID()).localQueue("local")
                .maxQueueMessages(limit).fullQueuePolicy(FullQueuePolicy.BLOCK).sendTimeout(sendTimeout).build(),
                FcgiGatewayFactory::new);
        for (int i = 0; i < limit; i++) {
            engine.send(message("local", "m" + i));
        }

        long started = System.nanoTime();
        Future<?> refused = producerThread.submit(() -> {
            engine.send(message("local", "refused"));
            return null;
        });
        assertThrows(TimeoutException.class, () -> refused.get(300, TimeUnit.MILLISECONDS), "the producer blocks");
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(60, TimeUnit.SECONDS));
        long blockedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertInstanceOf(QueueFullException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("maxQueueMessages"), failure.getCause().getMessage());
        assertTrue(blockedMillis >= sendTimeout.toMillis(), "failed after the send timeout, not before: " + blockedMillis + " ms");

        Future<?> admitted = producerThread.submit(() -> {
            engine.send(message("local", "m" + limit));
            return null;
        });
        assertThrows(TimeoutException.class, () -> admitted.get(200, TimeUnit.MILLISECONDS), "the producer blocks again");
        try (Subscription consumer = engine.consumerQueue(DestinationRef.queue("local")).subscribe(null, null)) {
            Delivery first = consumer.take(30, TimeUnit.SECONDS);
            assertNotNull(first);
            assertThrows(TimeoutException.class, () -> admitted.get(200, TimeUnit.MILLISECONDS),
                    "a message taken but not acknowledged still holds its place");
            first.acknowledge();
            admitted.get(60, TimeUnit.SECONDS); // room came before the send timeout: admitted, not refused
            assertEquals(limit, engine.consumerQueue(DestinationRef.queue("local")).size());
            Set<Object> bodies = new HashSet<>(Set.of(first.envelope().body()));
            for (long i = 0; i < limit; i++) { // the queue holds exactly limit: take each with a generous deadline
                Delivery d = consumer.take(30, TimeUnit.SECONDS);
                assertNotNull(d, "message " + i + " of the " + limit + " left");
                bodies.add(d.envelope().body());
                d.acknowledge();
            }
            new Figures("full-queue-block", limit + 1, bodies.size(), 0, limit + 1 - bodies.size(),
                    "refused=1 blockedMs=" + blockedMillis + " sendTimeoutMs=" + sendTimeout.toMillis()).printAndCheck();
            assertEquals(limit + 1, bodies.size());
        }
    }

    /**
     * Without reply ordering each run whose reply cannot be queued holds its in-flight slot, so
     * exactly the reply side's limit plus the dispatch window runs, and nothing more.
     */
    @Test
    @Timeout(60)
    void repliesNobodyReadsPauseDispatchWithSlotsHeldAndConsumingThemLetsItFinish() throws Exception {
        int limit = 20;
        int inFlight = 2;
        // Each delivery handed to the transport (the dispatch window, 2 x maxInFlight) runs and
        // then holds its slot with a reply that cannot be queued.
        long paused = limit + 2L * inFlight;
        runWhileNobodyReadsThenConsume(ReplyOrder.COMPLETION, limit, inFlight, paused, paused);
    }

    /**
     * With producer order (the default) a held reply frees its slot and counts against the reorder
     * stage's bound instead; dispatch stops once a hand-over waits for room. A request that
     * completes while an earlier reply of its line is being handed over is held before that wait is
     * known, so more than the window may run, never more than the reply side's limit, the held
     * replies' bound and one window.
     */
    @Test
    @Timeout(60)
    void withProducerOrderWhatRunsWhileNobodyReadsStaysWithinTheHeldRepliesBound() throws Exception {
        int limit = 20;
        int inFlight = 2;
        long atLeast = limit + 2L * inFlight;
        long heldRepliesPerInFlight = 4; // engine.WorkerQueue.HELD_REPLIES_PER_IN_FLIGHT (package-private)
        long atMost = limit + heldRepliesPerInFlight * inFlight + 2L * inFlight;
        runWhileNobodyReadsThenConsume(ReplyOrder.PRODUCER, limit, inFlight, atLeast, atMost);
    }

    private void runWhileNobodyReadsThenConsume(ReplyOrder order, int limit, int inFlight, long atLeast, long atMost)
            throws Exception {
        int count = 60;
        try (Recorder recorder = Recorder.start(new EmbeddedFpmSettings(inFlight, 0, Map.of(), null))) {
            engine = EngineRegistry.shared().engine(FpmConfig.builder().name("faults-replies-" + UUID.randomUUID())
                    .maxQueueMessages(limit).fullQueuePolicy(FullQueuePolicy.BLOCK).sendTimeout(Duration.ofSeconds(30))
                    .route(recorder.route("work").maxInFlight(inFlight).replyOrder(order)
                            .retryPolicy(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.0, false)).build())
                    .build(), FcgiGatewayFactory::new);
            Future<?> producer = producerThread.submit(() -> {
                for (int i = 0; i < count; i++) {
                    engine.send(message("work", "m" + i));
                }
                return null;
            });
            long replies = limit;
            awaitTrue(() -> size("work") == replies && recorder.doneLines() >= atLeast,
                    () -> "reply side full (" + size("work") + " of " + replies + ") and " + recorder.doneLines()
                            + " worker runs (expected at least " + atLeast + ")");
            // Paused: the producer stays blocked while nobody reads, and what ran stays bounded.
            assertThrows(TimeoutException.class, () -> producer.get(500, TimeUnit.MILLISECONDS));
            long runs = recorder.doneLines();
            assertTrue(runs >= atLeast && runs <= atMost,
                    "runs while the reply side is full: " + runs + ", expected " + atLeast + ".." + atMost);
            assertEquals(replies, size("work"));

            List<FpmEnvelope> got = Drain.take(engine, "work", count, 20_000);
            producer.get(10, TimeUnit.SECONDS);
            Set<Object> bodies = new HashSet<>();
            got.forEach(m -> bodies.add(m.body()));
            Map<String, Integer> done = recorder.done();
            long duplicated = done.values().stream().mapToLong(n -> n - 1).sum();
            new Figures("unread-replies-pause-" + order.name().toLowerCase(java.util.Locale.ROOT), count, done.size(),
                    duplicated, count - bodies.size(), "replies=" + got.size() + " pausedAtRuns=" + runs
                            + " (maxQueueMessages " + limit + " + 2 x maxInFlight " + inFlight + ")").printAndCheck();
            assertEquals(count, done.size());
            assertEquals(count, got.size());
            assertEquals(0, duplicated);
        }
    }

    private long size(String queue) {
        try {
            return engine.consumerQueue(DestinationRef.queue(queue)).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        Await.until(what, Duration.ofSeconds(20), condition::getAsBoolean);
    }
}
