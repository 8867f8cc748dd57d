package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.store.GatedStore;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A persistent reply on a worker queue with a store: the dispatch slot is free and the reply
 * visible as soon as its record is queued (before it is durable), and the request is removed from
 * the store only once the reply is durable.
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
        Await.until(what, Duration.ofSeconds(30), condition::getAsBoolean);
    }

    private void start() {
        FpmConfig config = FpmConfig.builder().name("stored-reply-" + UUID.randomUUID())
                .route(FpmRoute.builder("work").endpoint("/run/fake.sock").script("/srv/w.php").maxInFlight(1)
                        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 1.0, 0.0, false)).build())
                .build();
        engine = EngineRegistry.shared().startWithStore(config, echo, store);
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
    void theReplyIsVisibleBeforeItsForceAndTheRequestIsRemovedOnlyOnceTheReplyIsDurable() throws Exception {
        start();
        CountDownLatch php = phpWaits();
        LocalQueue replies = engine.consumerQueue(WORK);
        send("r1");
        send("r2");
        assertEquals(2, store.durableCount(REQUESTS));
        store.hold();
        php.countDown();
        // One in-flight slot: r2 reaches PHP only once r1's slot is free, while r1's reply is not durable.
        await("both requests dispatched with one slot", () -> echo.seen.size() == 2);
        await("both replies visible before their force", () -> replies.browse(null).size() == 2);
        assertEquals(4, store.adds.get(), "both replies handed to the store");
        assertEquals(2, store.durableCount(REQUESTS), "requests stay stored until their replies are durable");
        assertEquals(0, store.durableCount(REPLIES));

        try (Subscription s = replies.subscribe(null, null)) {
            Delivery first = s.take(5, TimeUnit.SECONDS);
            assertNotNull(first);
            first.acknowledge(); // acknowledged before it is durable: removed after its add
            assertEquals(2, store.durableCount(REQUESTS), "acknowledging a reply does not make it durable");

            store.release();
            await("requests removed", () -> store.durableCount(REQUESTS) == 0);
            assertEquals(1, store.durableCount(REPLIES), "the acknowledged reply is gone, the other stored");
            Delivery second = s.take(5, TimeUnit.SECONDS);
            assertNotNull(second);
            second.acknowledge();
        }
        assertEquals(0, store.durableCount(), "everything acknowledged is removed");
        assertEquals(2, echo.seen.size(), "PHP ran each request once");
    }

    @Test
    void aVisibleReplyThatCannotBeStoredStillSettlesItsRequest() throws Exception {
        start();
        CountDownLatch php = phpWaits();
        LocalQueue replies = engine.consumerQueue(WORK);
        send("r1");
        store.hold();
        store.failNext(1);
        php.countDown();
        await("the reply visible", () -> replies.browse(null).size() == 1);
        store.release();
        assertTrue(engine.awaitDispatched(Duration.ofSeconds(10)), "the request settled");
        assertEquals(1, echo.seen.size(), "PHP ran the request once: its reply was handed out already");
        assertEquals(1, replies.browse(null).size(), "the reply stays visible");
        assertEquals(0, store.durableCount(REPLIES));
    }

    @Test
    void aReplyThatCannotBeStoredSendsTheRequestBackWhenTheStoreGivesIdsOnlyWithTheWrite() throws Exception {
        store.giveIdsOnlyWhenDurable();
        start();
        CountDownLatch php = phpWaits();
        LocalQueue replies = engine.consumerQueue(WORK);
        send("r1");
        store.hold();
        php.countDown();
        await("the reply handed to the store", () -> store.adds.get() == 2);
        assertEquals(List.of(), replies.browse(null), "no reply visible before it is durable");
        assertEquals(1, replies.size(), "its room is reserved");
        store.release();
        await("the first reply visible", () -> replies.browse(null).size() == 1);

        CountDownLatch php2 = phpWaits(); // r2's reply comes only once its store write is set to fail
        send("r2");
        store.failNext(1);
        php2.countDown();
        await("the reply of r2's second try visible", () -> replies.browse(null).size() == 2);
        assertEquals(3, echo.seen.size(), "PHP ran r2 twice");
        assertEquals(2, echo.seen.get(2).deliveryCount(), "the failed try was counted");
        await("requests removed", () -> store.durableCount(REQUESTS) == 0);
        assertEquals(2, store.durableCount(REPLIES));
        assertEquals(2, replies.size(), "the failed reply's room was given back");
    }
}
