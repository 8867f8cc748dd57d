package dev.fpmjms.faults;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.Delivery;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.Subscription;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * php-fpm stopped (SIGTERM to the master, which cuts the requests in progress) in the middle of a
 * steady stream of persistent and non-persistent messages, and started again on the same socket
 * a second later: every message reaches the worker, every reply arrives, work is repeated at most
 * for the requests that were in flight at the stop, nothing is dead-lettered.
 */
class PhpFpmRestartIT {
    private static final int COUNT = 2_000;
    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int STOP_AFTER = 1_000;
    /** php-fpm stays down while this many more messages are sent (at least 1 s at the pace). */
    private static final int DOWN_FOR = 500;
    private static final int IN_FLIGHT = 4;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(90)
    void phpFpmStoppedUnderLoadAndStartedAgainOnTheSameSocketLosesNothing() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        // One child more than the route's connections: the restart's readiness probe needs a free one.
        try (Recorder recorder = Recorder.start(new EmbeddedFpmSettings(IN_FLIGHT + 1, 0, Map.of(), null))) {
            FpmConfig config = FpmConfig.builder().name("faults-restart-" + UUID.randomUUID()).dataDirectory(dataDir)
                    .route(recorder.route("work").maxInFlight(IN_FLIGHT)
                            .retryPolicy(new RetryPolicy(10, Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.0, false))
                            .build())
                    .build();
            FpmEngine engine = EngineRegistry.shared().engine(config, FcgiGatewayFactory::new);
            try {
                run(engine, recorder, threads);
            } finally {
                engine.shutdown();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void run(FpmEngine engine, Recorder recorder, ExecutorService threads) throws Exception {
        List<String> sentIds = new CopyOnWriteArrayList<>();
        CountDownLatch stopNow = new CountDownLatch(1);
        CountDownLatch startNow = new CountDownLatch(1);
        Future<?> producer = threads.submit(() -> {
            for (int i = 0; i < COUNT; i++) {
                // A pause between sends (not a schedule to catch up with), so the outage spans at
                // least DOWN_FOR x the pace even when sends are slow.
                LockSupport.parkNanos(PACE_NANOS);
                FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue("work")).messageId(engine.newMessageId())
                        .timestamp(System.currentTimeMillis()).persistent(i % 2 == 0)
                        .body(BodyType.TEXT, Integer.toString(i)).property("faults_sleep_ms", 5).build();
                engine.send(e);
                sentIds.add(e.messageId());
                if (i + 1 == STOP_AFTER) {
                    stopNow.countDown();
                } else if (i + 1 == STOP_AFTER + DOWN_FOR) {
                    startNow.countDown();
                }
            }
            return null;
        });
        Future<int[]> consumer = threads.submit(() -> receiveReplies(engine, recorder));

        assertTrue(stopNow.await(30, TimeUnit.SECONDS), "producer reached the stop point");
        long stoppedAt = System.nanoTime();
        recorder.fpm().stop();
        assertTrue(startNow.await(30, TimeUnit.SECONDS), "producer went on while php-fpm was down");
        recorder.fpm().start();
        long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);

        producer.get(60, TimeUnit.SECONDS);
        int[] replies = consumer.get(60, TimeUnit.SECONDS);
        int replied = replies[0];
        int replyDuplicates = replies[1];

        Map<String, Integer> done = recorder.done();
        long delivered = sentIds.stream().filter(done::containsKey).count();
        long duplicated = sentIds.stream().mapToLong(id -> done.getOrDefault(id, 1) - 1).sum();
        long rerun = sentIds.stream().filter(id -> recorder.runs(id).size() > 1).count();
        long deadLettered = engine.consumerQueue(DestinationRef.queue("DLQ")).size();
        new Figures("php-fpm-restart", sentIds.size(), delivered, duplicated, sentIds.size() - Math.min(delivered, replied),
                "replies=" + replied + " replyDuplicates=" + replyDuplicates + " rerun=" + rerun
                        + " deadLettered=" + deadLettered + " outageMs=" + outageMillis).printAndCheck();
        assertEquals(COUNT, sentIds.size(), "sent");
        assertEquals(COUNT, delivered, "messages the worker did");
        assertEquals(COUNT, replied, "replies");
        assertEquals(0, replyDuplicates, "replies delivered twice");
        assertTrue(duplicated <= IN_FLIGHT, "work repeated only for requests in flight at the stop (at most "
                + IN_FLIGHT + "): " + duplicated);
        assertEquals(0, deadLettered, "dead letters");
    }

    /** Takes replies until one of each message came; returns {distinct, duplicates}. */
    private static int[] receiveReplies(FpmEngine engine, Recorder recorder) throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        int duplicates = 0;
        try (Subscription s = engine.consumerQueue(DestinationRef.queue("work")).subscribe(null, null)) {
            while (seen.size() < COUNT) {
                Delivery d = s.take(30, TimeUnit.SECONDS);
                if (d == null) {
                    System.out.println("PhpFpmRestartIT: " + seen.size() + " of " + COUNT + " replies, none for 30 s;"
                            + " dispatch: " + engine.describeDispatch() + "; php-fpm: " + recorder.status());
                    break;
                }
                if (seen.merge((String) d.envelope().body(), 1, Integer::sum) > 1) {
                    duplicates++;
                }
                d.acknowledge();
            }
            // Anything more arriving soon after the last one would be a duplicate reply.
            Delivery extra;
            while ((extra = s.take(300, TimeUnit.MILLISECONDS)) != null) {
                duplicates++;
                extra.acknowledge();
            }
        }
        return new int[]{seen.size(), duplicates};
    }
}
