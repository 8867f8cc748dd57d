package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.MessageTooLargeException;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FpmEngineTest {
    private static final RetryPolicy FAST_RETRY =
            new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0, false);
    private final ScriptedGateway gateway = new ScriptedGateway();
    private FpmEngine engine;

    private FpmEngine engine(FpmRoute.Builder route) {
        FpmConfig config = FpmConfig.builder().name("test-" + UUID.randomUUID())
                .route(route.endpoint("/run/fake.sock").script("/srv/w.php").retryPolicy(FAST_RETRY).build())
                .localQueue("local").maxQueueMessages(1000).fullQueuePolicy(FullQueuePolicy.FAIL).build();
        engine = EngineRegistry.shared().engine(config, c -> gateway);
        return engine;
    }

    @AfterEach
    void shutdown() {
        if (engine != null) {
            engine.shutdown();
        }
    }

    private FpmEnvelope text(String queue, String body) {
        return FpmEnvelope.builder(DestinationRef.queue(queue)).messageId(engine.newMessageId())
                .body(BodyType.TEXT, body).build();
    }

    private FpmEnvelope receive(DestinationRef from) throws Exception {
        Delivery d = engine.consumerQueue(from).subscribe(null, null).take(5, TimeUnit.SECONDS);
        assertNotNull(d, "a message on " + from);
        d.acknowledge();
        return d.envelope();
    }

    @Test
    void replyLandsOnTheWorkerQueuesConsumerSide() throws Exception {
        engine(FpmRoute.builder("work"));
        engine.send(text("work", "hello"));
        FpmEnvelope reply = receive(DestinationRef.queue("work"));
        assertEquals("hello", reply.body());
        assertEquals(1, gateway.seen.size());
    }

    @Test
    void nonPersistentReplyIsSettledOnTheThreadThatCompletedTheDelivery() throws Exception {
        engine(FpmRoute.builder("work"));
        java.util.concurrent.CompletableFuture<String> enqueuedOn = new java.util.concurrent.CompletableFuture<>();
        Subscription s = engine.consumerQueue(DestinationRef.queue("work"))
                .subscribe(null, () -> enqueuedOn.complete(Thread.currentThread().getName()));
        engine.send(text("work", "quick").toBuilder().persistent(false).build());
        String thread = enqueuedOn.get(5, TimeUnit.SECONDS);
        assertFalse(thread.startsWith("fpm-jms-outcome-"), "settled without a hand-off to the outcome executor: " + thread);
        Delivery d = s.take(5, TimeUnit.SECONDS);
        assertNotNull(d);
        assertEquals("quick", d.envelope().body());
        d.acknowledge();
        assertTrue(engine.awaitDispatched(Duration.ofSeconds(5)));
    }

    @Test
    void replyToAFullQueueWaitsOnTheOutcomeExecutorUntilThereIsRoom() throws Exception {
        FpmConfig config = FpmConfig.builder().name("test-" + UUID.randomUUID())
                .route(FpmRoute.builder("work").endpoint("/run/fake.sock").script("/srv/w.php").retryPolicy(FAST_RETRY).build())
                .maxQueueMessages(1).fullQueuePolicy(FullQueuePolicy.FAIL).build();
        engine = EngineRegistry.shared().engine(config, c -> gateway);
        engine.send(text("work", "first").toBuilder().persistent(false).build());
        Subscription s = engine.consumerQueue(DestinationRef.queue("work")).subscribe(null, null);
        Delivery first = s.take(5, TimeUnit.SECONDS);
        assertNotNull(first);
        assertTrue(engine.awaitDispatched(Duration.ofSeconds(5)), "the first request left the outbound side");
        engine.send(text("work", "second").toBuilder().persistent(false).build());
        assertNull(s.take(200, TimeUnit.MILLISECONDS), "the reply queue holds one message: the second reply waits");
        first.acknowledge();
        Delivery second = s.take(5, TimeUnit.SECONDS);
        assertNotNull(second, "the waiting reply arrives once there is room");
        assertEquals("second", second.envelope().body());
        second.acknowledge();
    }

    @Test
    void replyGoesToJmsReplyToTemporaryQueue() throws Exception {
        engine(FpmRoute.builder("work"));
        DestinationRef temp = engine.createTemporaryQueue("conn-1");
        engine.send(text("work", "ask").toBuilder().replyTo(temp).build());
        assertEquals("ask", receive(temp).body());
        assertEquals(0, engine.consumerQueue(DestinationRef.queue("work")).size());
    }

    @Test
    void replyToDeletedTemporaryQueueIsDeadLettered() throws Exception {
        engine(FpmRoute.builder("work"));
        DestinationRef temp = engine.createTemporaryQueue("conn-1");
        engine.deleteTemporaryQueue(temp);
        engine.send(text("work", "lost?").toBuilder().replyTo(temp).build());
        FpmEnvelope dead = receive(DestinationRef.queue("DLQ"));
        assertEquals("lost?", dead.body());
        assertTrue(((String) dead.properties().get("JMS_FPM_FAILURE")).contains("deleted"));
    }

    @Test
    void workerFailuresAreRetriedAndTheRetryCarriesTheDeliveryCount() throws Exception {
        engine(FpmRoute.builder("work"));
        gateway.script.add(Result.WORKER_FAILURE);
        gateway.script.add(Result.LOST_AFTER_WRITE);
        engine.send(text("work", "flaky"));
        FpmEnvelope reply = receive(DestinationRef.queue("work"));
        assertEquals("flaky", reply.body());
        assertEquals(3, gateway.seen.size());
        assertEquals(3, gateway.seen.get(2).deliveryCount());
        assertTrue(gateway.seen.get(2).redelivered());
        assertFalse(gateway.seen.get(0).redelivered());
    }

    @Test
    void refusedConnectionsAreRetriedWithoutCountingADelivery() throws Exception {
        engine(FpmRoute.builder("work"));
        for (int i = 0; i < 5; i++) {
            gateway.script.add(Result.NOT_DELIVERED);
        }
        engine.send(text("work", "patient"));
        receive(DestinationRef.queue("work"));
        assertEquals(1, gateway.seen.size());
        assertEquals(1, gateway.seen.get(0).deliveryCount(), "refusals are not deliveries");
    }

    @Test
    void routeFailureIsReportedToListeners() throws Exception {
        engine(FpmRoute.builder("work"));
        java.util.concurrent.CompletableFuture<String> reported = new java.util.concurrent.CompletableFuture<>();
        engine.addListener((queue, detail) -> reported.complete(queue + ": " + detail));
        gateway.script.add(Result.NOT_DELIVERED);
        engine.send(text("work", "x"));
        assertTrue(reported.get(5, TimeUnit.SECONDS).startsWith("work: "));
    }

    @Test
    void alwaysFailingMessageIsDeadLetteredAfterMaxAttempts() throws Exception {
        engine(FpmRoute.builder("work"));
        gateway.rule = e -> Result.WORKER_FAILURE;
        engine.send(text("work", "doomed"));
        FpmEnvelope dead = receive(DestinationRef.queue("DLQ"));
        assertEquals("doomed", dead.body());
        assertEquals(3, dead.properties().get("JMS_FPM_ATTEMPTS"));
        assertEquals(500, dead.properties().get("JMS_FPM_STATUS"));
        assertEquals("work", dead.properties().get("JMS_FPM_ORIGINAL_DESTINATION"));
        assertEquals("scripted stderr", dead.properties().get("JMS_FPM_STDERR"));
        assertEquals(3, gateway.seen.size());
    }

    @Test
    void aReplyThatCannotSucceedOnARetryIsDeadLetteredOnTheFirstAttempt() throws Exception {
        engine(FpmRoute.builder("work").retryPolicy(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5), 2.0,
                0.0, false)));
        gateway.rule = e -> Result.PERMANENT_FAILURE;
        engine.send(text("work", "unreadable reply"));
        FpmEnvelope dead = receive(DestinationRef.queue("DLQ"));
        assertEquals("unreadable reply", dead.body());
        assertEquals(1, dead.properties().get("JMS_FPM_ATTEMPTS"));
        assertTrue(((String) dead.properties().get("JMS_FPM_FAILURE")).startsWith("PERMANENT_FAILURE"),
                dead.properties().toString());
        assertEquals(1, gateway.seen.size());
    }

    @Test
    void aMessageOverMaxMessageBytesIsRefusedAtSendAndNothingIsQueued() throws Exception {
        FpmConfig config = FpmConfig.builder().name("test-" + UUID.randomUUID())
                .route(FpmRoute.builder("work").endpoint("/run/fake.sock").script("/srv/w.php").retryPolicy(FAST_RETRY).build())
                .localQueue("local").maxMessageBytes(64 * 1024).build();
        engine = EngineRegistry.shared().engine(config, c -> gateway);
        FpmEnvelope big = FpmEnvelope.builder(DestinationRef.queue("work")).messageId("ID:big")
                .body(BodyType.BYTES, new byte[64 * 1024]).build();
        MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> engine.send(big));
        assertEquals("message ID:big to queue 'work' takes " + big.sizeEstimate() + " bytes (body, headers and"
                + " properties as queues count them), over the limit of 65536 bytes (maxMessageBytes)", e.getMessage());
        FpmEnvelope bigProperty = FpmEnvelope.builder(DestinationRef.queue("local")).messageId("ID:prop")
                .body(BodyType.TEXT, "x").property("p", "v".repeat(40 * 1024)).build();
        assertThrows(MessageTooLargeException.class, () -> engine.send(bigProperty));
        assertThrows(MessageTooLargeException.class, () -> engine.startSend(bigProperty));
        assertThrows(MessageTooLargeException.class, () -> engine.sendAll(List.of(text("local", "fits"), bigProperty)));
        assertThrows(MessageTooLargeException.class, () -> engine.checkSendable(big));
        assertEquals(0, engine.consumerQueue(DestinationRef.queue("local")).size());
        engine.send(text("work", "fits"));
        assertEquals("fits", receive(DestinationRef.queue("work")).body());
        assertEquals(1, gateway.seen.size(), "the refused message never reached the gateway");
    }

    @Test
    void rejectedMessageIsDeadLetteredWithoutRetry() throws Exception {
        engine(FpmRoute.builder("work"));
        gateway.script.add(Result.REJECTED);
        engine.send(text("work", "bad"));
        FpmEnvelope dead = receive(DestinationRef.queue("DLQ"));
        assertEquals(422, dead.properties().get("JMS_FPM_STATUS"));
        assertEquals(1, gateway.seen.size());
    }

    @Test
    void discardPolicyDropsRepliesButStillDelivers() throws Exception {
        engine(FpmRoute.builder("work").replyPolicy(ReplyPolicy.DISCARD));
        engine.send(text("work", "fire"));
        engine.send(text("work", "forget"));
        Await.until("the gateway saw both messages", Duration.ofSeconds(30), () -> gateway.seen.size() >= 2);
        assertEquals(2, gateway.seen.size());
        assertNull(engine.consumerQueue(DestinationRef.queue("work")).subscribe(null, null).take(50, TimeUnit.MILLISECONDS));
    }

    @Test
    void deliveriesHandedToTheGatewayNeverExceedTwiceTheRouteLimit() throws Exception {
        // maxInFlight bounds what runs in php-fpm (the FastCGI client enforces it); the queue hands
        // the transport as many again to wait there (WorkerQueue.dispatchWindow).
        engine(FpmRoute.builder("work").maxInFlight(2));
        for (int i = 0; i < 200; i++) {
            engine.send(text("work", "m" + i));
        }
        Subscription replies = engine.consumerQueue(DestinationRef.queue("work")).subscribe(null, null);
        for (int i = 0; i < 200; i++) {
            Delivery d = replies.take(5, TimeUnit.SECONDS);
            assertNotNull(d, "reply " + i);
            d.acknowledge();
        }
        assertTrue(gateway.maxConcurrent.get() <= 4, "max concurrent " + gateway.maxConcurrent.get());
        assertEquals(200, gateway.seen.size());
    }

    @Test
    void unknownQueueNamesTheQueuesThatExist() {
        engine(FpmRoute.builder("work"));
        UnknownDestinationException e = assertThrows(UnknownDestinationException.class,
                () -> engine.send(text("nope", "x")));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("work")
                && e.getMessage().contains("local") && e.getMessage().contains("DLQ"), e.getMessage());
    }

    @Test
    void localQueueHoldsMessagesWithoutDispatch() throws Exception {
        engine(FpmRoute.builder("work"));
        engine.send(text("local", "stays"));
        assertEquals("stays", receive(DestinationRef.queue("local")).body());
        assertTrue(gateway.seen.isEmpty());
    }

    @Test
    void equalConfigurationsShareOneEngine() {
        FpmEngine first = engine(FpmRoute.builder("work"));
        assertTrue(first == EngineRegistry.shared().engine(first.config(), c -> { throw new AssertionError("not created twice"); }));
    }
}
