package dev.fpmjms.faults;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While php-fpm refuses connections the route waits out its backoff as a whole: a few attempts per
 * backoff, not one per waiting message; when php-fpm answers again every message goes through,
 * none counted as redelivered.
 */
class RouteOutageTest {
    private static final int MESSAGES = 1_000;
    private static final int IN_FLIGHT = 2;
    private static final long BACKOFF_MILLIS = 100;

    /** A php-fpm that refuses until told to answer; records when each attempt came. */
    private static final class Outage implements WorkerGatewayFactory, WorkerGateway {
        final List<Long> attempts = new CopyOnWriteArrayList<>();
        volatile boolean up;

        @Override
        public WorkerGateway open(String queueName, FpmRoute route) {
            return this;
        }

        @Override
        public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
            if (!up) {
                attempts.add(System.nanoTime());
                return CompletableFuture.completedFuture(DeliveryOutcome.notDelivered("connection refused"));
            }
            FpmEnvelope reply = request.toBuilder().destination(DestinationRef.queue("work")).redelivered(false)
                    .deliveryCount(0).property("JMS_FPM_ATTEMPTS", request.deliveryCount()).build();
            return CompletableFuture.completedFuture(DeliveryOutcome.success(200, reply, "", 1));
        }

        @Override
        public void close() {
        }
    }

    @Test
    @Timeout(90)
    void refusedConnectionsPauseTheRouteInsteadOfTryingEveryWaitingMessage() throws Exception {
        Outage fpm = new Outage();
        RetryPolicy constant = new RetryPolicy(3, Duration.ofMillis(BACKOFF_MILLIS), Duration.ofMillis(BACKOFF_MILLIS), 1.0, 0.0, false);
        FpmEngine engine = EngineRegistry.shared().engine(FpmConfig.builder().name("faults-outage-" + UUID.randomUUID())
                .route(FpmRoute.builder("work").endpoint("unix:/absent/php-fpm.sock").script("/absent/worker.php")
                        .maxInFlight(IN_FLIGHT).retryPolicy(constant).build()).build(), c -> fpm);
        try {
            for (int i = 0; i < MESSAGES; i++) {
                engine.send(FpmEnvelope.builder(DestinationRef.queue("work")).messageId(engine.newMessageId())
                        .persistent(false).body(BodyType.TEXT, Integer.toString(i)).build());
            }
            int rounds = 4;
            int window = 2 * IN_FLIGHT; // what a worker queue hands the transport at once (WorkerQueue.dispatchWindow)
            Await.until(() -> "more than " + rounds * window + " attempts (so far " + fpm.attempts.size() + ")",
                    Duration.ofSeconds(30), () -> fpm.attempts.size() >= rounds * window + 1);
            List<Long> seen = List.copyOf(fpm.attempts);
            long spanMillis = TimeUnit.NANOSECONDS.toMillis(seen.get(seen.size() - 1) - seen.get(0));
            assertTrue(seen.size() > rounds * window, "attempts so far: " + seen.size());
            // Each round of at most one window of attempts waits out the backoff before the next round.
            assertTrue(spanMillis >= (rounds - 1) * BACKOFF_MILLIS,
                    seen.size() + " refused attempts of " + MESSAGES + " waiting messages took only " + spanMillis + " ms");
            assertTrue(seen.size() < MESSAGES / 10, "attempts " + seen.size());

            fpm.up = true;
            List<FpmEnvelope> replies = Drain.take(engine, "work", MESSAGES, 5_000);
            assertEquals(MESSAGES, replies.size());
            assertTrue(replies.stream().allMatch(r -> Integer.valueOf(1).equals(r.properties().get("JMS_FPM_ATTEMPTS"))),
                    "refusals are not counted as deliveries");
        } finally {
            engine.shutdown();
        }
    }
}
