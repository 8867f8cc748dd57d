package dev.fpmjms.broker;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.engine.BodyType;
import dev.fpmjms.engine.DestinationRef;
import dev.fpmjms.engine.FpmEnvelope;
import dev.fpmjms.store.GatedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A persistent reply on a worker queue with a store: the dispatch slot is free as soon as the
 * reply's record is queued, the reply becomes visible only once durable, and the request is
 * removed from the store only after that.
 */
@Timeout(30)
class StoredReplyTest {
    private static final DestinationRef WORK = DestinationRef.queue("work");
    /** The engine's store keys of the worker queue's two sides. */
    private static final String REQUESTS = "worker:work";
    private static final String REPLIES = "replies:work";
    private final GatedStore store = new GatedStore();
    private final ScriptedGateway echo = new ScriptedGateway();
    private FpmEngine engine;

    @AfterEach
    void shutdown() {
        store.release();
        if (engine != null) {
            engine.shutdown();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(2_000_000);
        }
    }

    private void start() {
        FpmConfig config = FpmConfig.builder().name("stored-reply-" + UUID.randomUUID())
                .route(FpmRoute.builder("work").endpoint("/run/fake.sock").script("/srv/w.php").maxInFlight(1)
                        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 1.0, 0.0, false)).build())
                .build();
        engine = FpmEngine.startWithStore(config, echo, store);
    }

    /** The echo answers only once {@code php} is counted down. */
    private CountDownLatch phpWaits() {
        CountDownLatch php = new CountDownLatch(1);
        echo.rule = e -> {
            try {
                php.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return null;
        };
        return php;
    }

    private void send(String id) throws Exception {
        engine.send(FpmEnvelope.builder(WORK).messageId("ID:" + id).persistent(true).body(BodyType.TEXT, id).build());
    }

    @Test
    void theSlotIsFreedBeforeTheForceAndTheRequestIsRemovedOnlyOnceTheReplyIsDurable() throws Exception {
        start();
        CountDownLatch php = phpWaits();
        LocalQueue replies = engine.consumerQueue(WORK);
        send("r1");
        send("r2");
        assertEquals(2, store.durableCount(REQUESTS));
        store.hold();
        php.countDown();
        // One in-flight slot: r2 reaches PHP only once r1's slot is free, while r1's reply is held back.
        await("both requests dispatched with one slot", () -> echo.seen.size() == 2);
        await("both replies handed to the store", () -> store.adds.get() == 4);
        assertEquals(List.of(), replies.browse(null), "no reply visible while its force is held back");
        assertEquals(2, replies.size(), "their room is reserved");
        assertEquals(2, store.durableCount(REQUESTS), "requests stay stored until their replies are durable");
        assertEquals(0, store.durableCount(REPLIES));

        store.release();
        await("replies visible", () -> replies.browse(null).size() == 2);
        await("requests removed", () -> store.durableCount(REQUESTS) == 0);
        assertEquals(2, store.durableCount(REPLIES));
        try (Subscription s = replies.subscribe(null, null)) {
            for (int i = 0; i < 2; i++) {
                Delivery d = s.take(5, TimeUnit.SECONDS);
                assertNotNull(d);
                d.acknowledge();
            }
        }
        assertEquals(0, store.durableCount(), "everything acknowledged is removed");
    }

    @Test
    void aReplyThatCannotBeStoredSendsTheRequestBackForAnotherTry() throws Exception {
        start();
        CountDownLatch php = phpWaits();
        LocalQueue replies = engine.consumerQueue(WORK);
        send("r1");
        store.failNext(1);
        php.countDown();
        await("the reply of the second try visible", () -> replies.browse(null).size() == 1);
        assertEquals(2, echo.seen.size(), "PHP ran the request twice");
        assertEquals(2, echo.seen.get(1).deliveryCount(), "the failed try was counted");
        await("request removed", () -> store.durableCount(REQUESTS) == 0);
        assertEquals(1, store.durableCount(REPLIES));
        assertEquals(1, replies.size(), "the failed reply's room was given back");
    }
}
