package dev.fpmjms.engine;

import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class LocalQueueTest {
    private static final DestinationRef Q = DestinationRef.queue("q");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MutableClock clock = new MutableClock(1_000_000);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private LocalQueue queue(long maxMessages, FullQueuePolicy policy, Duration wait) {
        return new LocalQueue(Q, new QueueLimits(maxMessages, Long.MAX_VALUE, policy, wait), clock, timer);
    }

    private static FpmEnvelope msg(String text, int priority) {
        return FpmEnvelope.builder(Q).messageId("ID:" + text).priority(priority).body(BodyType.TEXT, text).build();
    }

    private static String text(Delivery d) {
        return (String) d.envelope().body();
    }

    @Test
    void deliversHigherPriorityFirstThenOldestFirst() throws Exception {
        LocalQueue q = queue(100, FullQueuePolicy.FAIL, Duration.ZERO);
        q.enqueue(msg("a4", 4));
        q.enqueue(msg("b9", 9));
        q.enqueue(msg("c4", 4));
        q.enqueue(msg("d0", 0));
        q.enqueue(msg("e9", 9));
        Subscription s = q.subscribe(null, null);
        List<String> order = new ArrayList<>();
        Delivery d;
        while ((d = s.poll()) != null) {
            order.add(text(d));
            d.acknowledge();
        }
        assertEquals(List.of("b9", "e9", "a4", "c4", "d0"), order);
        assertEquals(0, q.size());
    }

    @Test
    void firstDeliveryHasCountOneAndCountedReleaseRedelivers() throws Exception {
        LocalQueue q = queue(100, FullQueuePolicy.FAIL, Duration.ZERO);
        q.enqueue(msg("x", 4));
        Subscription s = q.subscribe(null, null);
        Delivery first = s.poll();
        assertEquals(1, first.envelope().deliveryCount());
        assertFalse(first.envelope().redelivered());
        assertEquals(1, q.inFlight());
        first.release(true, 0);
        Delivery second = s.poll();
        assertEquals(2, second.envelope().deliveryCount());
        assertTrue(second.envelope().redelivered());
        second.release(false, 0);
        Delivery third = s.poll();
        assertEquals(2, third.envelope().deliveryCount(), "an uncounted release does not count");
        third.acknowledge();
        third.acknowledge();
        assertEquals(0, q.size());
        assertEquals(0, q.inFlight());
    }

    @Test
    void releasedMessageKeepsItsPlaceBeforeLaterOnes() throws Exception {
        LocalQueue q = queue(100, FullQueuePolicy.FAIL, Duration.ZERO);
        q.enqueue(msg("1", 4));
        q.enqueue(msg("2", 4));
        Subscription s = q.subscribe(null, null);
        Delivery one = s.poll();
        one.release(true, 0);
        assertEquals("1", text(s.poll()));
    }

    @Test
    void selectorSkipsNonMatchingMessagesWithoutTakingThem() throws Exception {
        LocalQueue q = queue(100, FullQueuePolicy.FAIL, Duration.ZERO);
        q.enqueue(msg("red", 4));
        q.enqueue(msg("blue", 4));
        Subscription blue = q.subscribe(e -> "blue".equals(e.body()), null);
        assertEquals("blue", text(blue.poll()));
        assertNull(blue.poll());
        assertEquals(List.of("red"), q.browse(null).stream().map(e -> (String) e.body()).toList());
    }

    @Test
    void expiredMessagesAreNeitherDeliveredNorBrowsed() throws Exception {
        LocalQueue q = queue(100, FullQueuePolicy.FAIL, Duration.ZERO);
        q.enqueue(msg("old", 4).toBuilder().expiration(clock.millis() + 100).build());
        q.enqueue(msg("new", 4));
        clock.advance(100);
        assertEquals(1, q.browse(null).size());
        Subscription s = q.subscribe(null, null);
        assertEquals("new", text(s.poll()));
        assertNull(s.poll());
        assertEquals(1, q.expiredCount());
        assertEquals(1, q.size(), "only the delivered, unacknowledged message is held");
    }

    @Test
    void delayedMessageIsHeldUntilItsTimeAndThenWakesTheConsumer() throws Exception {
        Clock real = Clock.systemUTC();
        LocalQueue q = new LocalQueue(Q, new QueueLimits(10, Long.MAX_VALUE, FullQueuePolicy.FAIL, Duration.ZERO), real, timer);
        long due = real.millis() + 150;
        q.enqueue(msg("later", 4).toBuilder().deliveryTime(due).build());
        Subscription s = q.subscribe(null, null);
        assertNull(s.poll(), "not before its delivery time");
        assertTrue(q.browse(null).isEmpty());
        Delivery d = s.take(5, TimeUnit.SECONDS);
        assertNotNull(d);
        assertTrue(real.millis() >= due, "delivered at or after its delivery time");
    }

    @Test
    void availabilityCallbackFiresForDelayedMessages() throws Exception {
        LocalQueue q = new LocalQueue(Q, new QueueLimits(10, Long.MAX_VALUE, FullQueuePolicy.FAIL, Duration.ZERO), Clock.systemUTC(), timer);
        CountDownLatch available = new CountDownLatch(1);
        q.subscribe(null, available::countDown);
        q.enqueue(msg("later", 4).toBuilder().deliveryTime(System.currentTimeMillis() + 50).build());
        assertTrue(available.await(5, TimeUnit.SECONDS));
    }

    @Test
    void fullQueueFailsAtOnceUnderFailPolicy() throws Exception {
        LocalQueue q = queue(2, FullQueuePolicy.FAIL, Duration.ZERO);
        q.enqueue(msg("1", 4));
        q.enqueue(msg("2", 4));
        QueueFullException e = assertThrows(QueueFullException.class, () -> q.enqueue(msg("3", 4)));
        assertTrue(e.getMessage().contains("maxQueueMessages"), e.getMessage());
        assertEquals(2, q.size());
    }

    @Test
    void blockedProducerProceedsWhenSpaceFrees() throws Exception {
        LocalQueue q = queue(1, FullQueuePolicy.BLOCK, Duration.ofSeconds(5));
        q.enqueue(msg("1", 4));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                q.enqueue(msg("2", 4));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Subscription s = q.subscribe(null, null);
        Delivery d = s.poll();
        assertFalse(blocked.isDone(), "an unacknowledged delivery still holds its place");
        d.acknowledge();
        blocked.get(5, TimeUnit.SECONDS);
        assertEquals("2", text(s.take(1, TimeUnit.SECONDS)));
    }

    @Test
    void blockedProducerFailsAfterTheTimeout() throws Exception {
        LocalQueue q = queue(1, FullQueuePolicy.BLOCK, Duration.ofMillis(50));
        q.enqueue(msg("1", 4));
        QueueFullException e = assertThrows(QueueFullException.class, () -> q.enqueue(msg("2", 4)));
        assertTrue(e.getMessage().contains("sendTimeout"), e.getMessage());
    }

    @Test
    void transactionSendIsAllOrNothing() throws Exception {
        LocalQueue q = queue(2, FullQueuePolicy.FAIL, Duration.ZERO);
        assertThrows(QueueFullException.class, () -> q.enqueueAll(List.of(msg("1", 4), msg("2", 4), msg("3", 4))));
        assertEquals(0, q.size());
        q.enqueueAll(List.of(msg("1", 4), msg("2", 4)));
        assertEquals(2, q.size());
    }

    @Test
    void closingTheSubscriptionWakesABlockedTake() throws Exception {
        LocalQueue q = queue(10, FullQueuePolicy.FAIL, Duration.ZERO);
        Subscription s = q.subscribe(null, null);
        CompletableFuture<Delivery> taking = CompletableFuture.supplyAsync(() -> {
            try {
                return s.take(-1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        s.close();
        assertNull(taking.get(5, TimeUnit.SECONDS));
    }

    @Test
    void deletedQueueRefusesMessagesAndDropsWhatItHeld() throws Exception {
        LocalQueue q = queue(10, FullQueuePolicy.FAIL, Duration.ZERO);
        q.enqueue(msg("1", 4));
        assertEquals(1, q.close());
        assertThrows(IllegalStateException.class, () -> q.enqueue(msg("2", 4)));
        assertEquals(0, q.size());
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void advance(long by) {
            millis += by;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void tryEnqueueAddsWithoutWaitingAndRefusesWhenFullOrDeleted() throws Exception {
        LocalQueue q = queue(2, FullQueuePolicy.BLOCK, Duration.ofSeconds(30));
        java.util.concurrent.atomic.AtomicInteger signals = new java.util.concurrent.atomic.AtomicInteger();
        Subscription s = q.subscribe(null, signals::incrementAndGet);
        assertTrue(q.tryEnqueue(msg("a", 4)));
        assertTrue(q.tryEnqueue(msg("b", 4)));
        assertFalse(q.tryEnqueue(msg("c", 4)), "full: refused at once although the policy blocks for 30 s");
        assertEquals(2, q.size());
        assertTrue(signals.get() >= 2, "subscribers told about each added message");
        Delivery d = s.poll();
        assertEquals("a", text(d));
        d.acknowledge();
        assertTrue(q.tryEnqueue(msg("c", 4)), "room again after an acknowledgement");
        q.close();
        assertFalse(q.tryEnqueue(msg("d", 4)), "a deleted queue refuses");
    }
}
