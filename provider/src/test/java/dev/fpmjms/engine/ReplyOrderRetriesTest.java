package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The reorder stage under retries with real threads (WorkerFailureIT's first case against a fake
 * php-fpm, many rounds): one producer's requests each fail twice and succeed on the third run,
 * so replies pile up behind requests waiting for their retry, the bound is reached over and over,
 * and successes and failures are settled on the transport and outcome threads at once. Every
 * request's reply must arrive. Before the stage gave up places where a hand-over stopped, about
 * one round in ten stalled for good (ProducerOrderTest has the interleavings one by one).
 */
class ReplyOrderRetriesTest {
    private static final int ROUNDS = 50;
    private static final int MESSAGES = 40;

    @Test
    @Timeout(300)
    void repliesBehindRequestsWaitingForTheirRetryNeverStallDispatch() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            ScriptedGateway gateway = new ScriptedGateway();
            gateway.rule = e -> e.deliveryCount() <= 2 ? Result.WORKER_FAILURE : null;
            FpmConfig config = FpmConfig.builder().name("order-retries-" + UUID.randomUUID())
                    .route(FpmRoute.builder("work").endpoint("/run/fake.sock").script("/srv/w.php").maxInFlight(4)
                            .retryPolicy(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.0, false))
                            .build())
                    .build();
            FpmEngine engine = EngineRegistry.shared().engine(config, c -> gateway);
            try {
                Set<Object> bodies = new HashSet<>();
                for (int i = 0; i < MESSAGES; i++) {
                    engine.send(FpmEnvelope.builder(DestinationRef.queue("work")).messageId(engine.newMessageId())
                            .senderSession(7).body(BodyType.TEXT, "m" + i).build());
                }
                try (Subscription s = engine.consumerQueue(DestinationRef.queue("work")).subscribe(null, null)) {
                    for (int got = 0; got < MESSAGES; got++) {
                        Delivery d = s.take(10, TimeUnit.SECONDS);
                        assertNotNull(d, "round " + round + ": reply " + got + " of " + MESSAGES + " did not come; "
                                + engine.describeDispatch());
                        bodies.add(d.envelope().body());
                        d.acknowledge();
                    }
                }
                assertEquals(MESSAGES, bodies.size(), "round " + round + ": one reply per request");
            } finally {
                engine.shutdown();
            }
        }
    }
}
