package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.config.ReplyOrder;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reorder stage of worker queues (ProducerOrder): PHP completes requests in an order the test
 * chooses (HeldGateway), and the queue's consumers must see one producer's replies in send order.
 */
@Timeout(20)
class ReplyOrderTest {
    private static final DestinationRef WORK = DestinationRef.queue("work");
    private final HeldGateway gateway = new HeldGateway();
    private FpmEngine engine;

    private void engine(FpmRoute.Builder route) {
        FpmConfig config = FpmConfig.builder().name("order-" + UUID.randomUUID())
                .route(route.endpoint("/run/fake.sock").script("/srv/w.php").build())
                .maxQueueMessages(1000).fullQueuePolicy(FullQueuePolicy.FAIL).build();
        engine = EngineRegistry.shared().engine(config, c -> gateway);
    }

    private static FpmRoute.Builder route(int maxInFlight, RetryPolicy retry) {
        return FpmRoute.builder("work").maxInFlight(maxInFlight).retryPolicy(retry);
    }

    private static RetryPolicy retry(int maxAttempts, Duration backoff) {
        return new RetryPolicy(maxAttempts, backoff, backoff, 1.0, 0.0, false);
    }

    @AfterEach
    void shutdown() {
        if (engine != null) {
            engine.shutdown();
        }
    }

    private void send(String body, long origin) throws Exception {
        engine.send(FpmEnvelope.builder(WORK).messageId(engine.newMessageId()).senderSession(origin)
                .body(BodyType.TEXT, body).build());
    }

    private List<Object> receive(int n) throws Exception {
        Subscription s = engine.consumerQueue(WORK).subscribe(null, null);
        List<Object> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Delivery d = s.take(5, TimeUnit.SECONDS);
            assertNotNull(d, "reply " + i + " of " + n + " after " + bodies);
            d.acknowledge();
            bodies.add(d.envelope().body());
        }
        s.close();
        return bodies;
    }

    private long visibleReplies() throws Exception {
        return engine.consumerQueue(WORK).size();
    }

    @Test
    void oneProducersRepliesComeInSendOrderWhateverOrderPhpCompletesThem() throws Exception {
        engine(route(4, RetryPolicy.DEFAULT));
        for (int i = 0; i < 4; i++) {
            send("m" + i, 7);
        }
        List<HeldGateway.Pending> inPhp = gateway.take(4);
        inPhp.get(3).succeed();
        inPhp.get(2).succeed();
        inPhp.get(1).succeed();
        assertEquals(0L, visibleReplies(), "m1..m3 wait for m0");
        inPhp.get(0).succeed();
        assertEquals(List.of("m0", "m1", "m2", "m3"), receive(4));
    }

    @Test
    void producersDoNotWaitForEachOther() throws Exception {
        engine(route(4, RetryPolicy.DEFAULT));
        send("a0", 1);
        send("b0", 2);
        List<HeldGateway.Pending> inPhp = gateway.take(2);
        inPhp.get(1).succeed();
        assertEquals(List.of("b0"), receive(1));
        inPhp.get(0).succeed();
        assertEquals(List.of("a0"), receive(1));
    }

    @Test
    void completionOrderIsARouteChoice() throws Exception {
        engine(route(4, RetryPolicy.DEFAULT).replyOrder(ReplyOrder.COMPLETION));
        send("m0", 7);
        send("m1", 7);
        List<HeldGateway.Pending> inPhp = gateway.take(2);
        inPhp.get(1).succeed();
        assertEquals(List.of("m1"), receive(1));
        inPhp.get(0).succeed();
        assertEquals(List.of("m0"), receive(1));
    }

    @Test
    void aRetriedRequestKeepsItsPlace() throws Exception {
        engine(route(4, retry(3, Duration.ofMillis(1))));
        send("m0", 7);
        send("m1", 7);
        List<HeldGateway.Pending> inPhp = gateway.take(2);
        inPhp.get(0).fail(Result.WORKER_FAILURE);
        inPhp.get(1).succeed();
        HeldGateway.Pending retry = gateway.take(1).get(0);
        assertEquals("m0", retry.request.body());
        assertEquals(0L, visibleReplies(), "m1 waits for m0's retry");
        retry.succeed();
        assertEquals(List.of("m0", "m1"), receive(2));
    }

    @Test
    void aDeadLetteredRequestReleasesItsSuccessors() throws Exception {
        engine(route(4, retry(1, Duration.ofMillis(1))));
        send("m0", 7);
        send("m1", 7);
        List<HeldGateway.Pending> inPhp = gateway.take(2);
        inPhp.get(1).succeed();
        inPhp.get(0).fail(Result.WORKER_FAILURE);
        assertEquals(List.of("m1"), receive(1));
        Delivery dead = engine.consumerQueue(DestinationRef.queue(engine.config().deadLetterQueue()))
                .subscribe(null, null).take(5, TimeUnit.SECONDS);
        assertNotNull(dead);
        assertEquals("m0", dead.envelope().body());
    }

    @Test
    void atTheBoundARequestWaitingForItsRetryGivesUpItsPlace() throws Exception {
        // maxInFlight 1: the stage holds at most 4 replies; m0's retry is due in an hour
        engine(route(1, retry(3, Duration.ofHours(1))));
        int bound = WorkerQueue.HELD_REPLIES_PER_IN_FLIGHT;
        send("m0", 7);
        gateway.take(1).get(0).fail(Result.WORKER_FAILURE);
        List<Object> expected = new ArrayList<>();
        for (int i = 1; i <= bound; i++) {
            send("m" + i, 7);
            expected.add("m" + i);
        }
        for (int i = 1; i < bound; i++) {
            gateway.take(1).get(0).succeed();
        }
        assertEquals(0L, visibleReplies(), "below the bound the replies wait for m0");
        gateway.take(1).get(0).succeed();
        assertEquals(expected, receive(bound));
    }

    @Test
    void requestReplyIsNotHeldBehindOtherRequests() throws Exception {
        engine(route(4, RetryPolicy.DEFAULT));
        DestinationRef temp = engine.createTemporaryQueue("conn-1");
        send("m0", 7);
        engine.send(FpmEnvelope.builder(WORK).messageId(engine.newMessageId()).senderSession(7).replyTo(temp)
                .body(BodyType.TEXT, "request").build());
        List<HeldGateway.Pending> inPhp = gateway.take(2);
        inPhp.get(1).succeed();
        Delivery reply = engine.consumerQueue(temp).subscribe(null, null).take(5, TimeUnit.SECONDS);
        assertNotNull(reply);
        assertEquals("request", reply.envelope().body());
        inPhp.get(0).succeed();
        assertEquals(List.of("m0"), receive(1));
    }

    @Test
    void dispatchStopsWhileTheBoundIsReachedByRepliesWaitingForARequestInPhp() throws Exception {
        engine(route(1, RetryPolicy.DEFAULT));
        int bound = WorkerQueue.HELD_REPLIES_PER_IN_FLIGHT;
        for (int i = 0; i <= bound + 1; i++) {
            send("m" + i, 7);
        }
        HeldGateway.Pending first = gateway.take(1).get(0);
        for (int i = 1; i <= bound; i++) {
            gateway.take(1).get(0).succeed();
        }
        // dispatch runs on the thread that completed the delivery, so this is settled by now
        assertTrue(gateway.pending.isEmpty(), "m" + (bound + 1) + " waits: " + bound + " replies are held");
        first.succeed();
        gateway.take(1).get(0).succeed();
        List<Object> all = receive(bound + 2);
        assertEquals("m0", all.get(0));
        assertEquals("m" + (bound + 1), all.get(bound + 1));
    }

    /** A fake php-fpm whose requests complete when, and how, the test says. */
    private static final class HeldGateway implements WorkerGatewayFactory, WorkerGateway {
        final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();

        record Pending(FpmEnvelope request, CompletableFuture<DeliveryOutcome> future) {
            void succeed() {
                DestinationRef to = request.replyTo() != null ? request.replyTo() : WORK;
                future.complete(DeliveryOutcome.success(200,
                        request.toBuilder().destination(to).redelivered(false).deliveryCount(0).build(), "", 1));
            }

            void fail(Result result) {
                future.complete(DeliveryOutcome.failure(result, 500, "held " + result));
            }
        }

        List<Pending> take(int n) throws InterruptedException {
            List<Pending> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Pending p = pending.poll(5, TimeUnit.SECONDS);
                assertNotNull(p, "request " + i + " of " + n + " in PHP");
                got.add(p);
            }
            return got;
        }

        @Override
        public WorkerGateway open(String queueName, FpmRoute route) {
            return this;
        }

        @Override
        public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
            CompletableFuture<DeliveryOutcome> f = new CompletableFuture<>();
            pending.add(new Pending(request, f));
            return f;
        }

        @Override
        public void close() {
        }
    }
}
