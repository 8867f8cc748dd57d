package dev.fpmjms.jms;

import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.store.GatedStore;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static dev.fpmjms.jms.FacadeFixture.receiveText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asynchronous sends of persistent messages (a CompletionListener) to a queue with a store: the
 * send returns before the store has the message; the listener runs only once it is durable and
 * visible, in send order; failures, full queues, close and synchronous sends behave as they must.
 * A {@link GatedStore} holds the "force" back where a test needs to look in between.
 */
@Timeout(60)
class AsyncPersistentSendTest {
    private static final DestinationRef LOCAL_REF = DestinationRef.queue(LOCAL);

    @TempDir
    Path dataDir;
    private FacadeFixture fx;
    private GatedStore store;

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.release();
        }
        if (fx != null) {
            fx.close();
        }
    }

    /** A fixture whose engine runs on a {@link GatedStore}. */
    private void gated(UnaryOperator<FpmConfig.Builder> customise) {
        fx = new FacadeFixture(customise);
        store = new GatedStore();
        fx.registry.startWithStore(fx.config, fx.gateways, store);
    }

    /** A started session of a gated engine, a producer to the local queue and a recorder. */
    private record Sending(Session session, MessageProducer producer, Recorder rec) {
    }

    private Sending sendingToLocal() throws JMSException {
        gated(b -> b);
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        return new Sending(session, session.createProducer(session.createQueue(LOCAL)), new Recorder(store));
    }

    /** Records callbacks in the order they run: "ok:text" or "fail:text". */
    private static final class Recorder implements CompletionListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> durableWhenCompleted = Collections.synchronizedList(new ArrayList<>());
        private final GatedStore store;
        private final Semaphore calls = new Semaphore(0);

        Recorder(GatedStore store) {
            this.store = store;
        }

        @Override
        public void onCompletion(Message message) {
            events.add("ok:" + text(message));
            threads.add(Thread.currentThread().getName());
            if (store != null) {
                try {
                    durableWhenCompleted.add(store.isDurable(message.getJMSMessageID()));
                } catch (JMSException e) {
                    throw new AssertionError(e);
                }
            }
            calls.release();
        }

        @Override
        public void onException(Message message, Exception exception) {
            events.add("fail:" + text(message));
            failures.add(exception);
            calls.release();
        }

        void await(int n) throws InterruptedException {
            assertTrue(calls.tryAcquire(n, 10, TimeUnit.SECONDS), "callbacks so far: " + events);
        }

        private static String text(Message m) {
            try {
                return ((TextMessage) m).getText();
            } catch (JMSException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Thread start(String name, ThrowingRunnable body, CompletableFuture<Void> done) {
        Thread t = new Thread(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        t.start();
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Waits until a thread blocks (parks or waits), for tests that check that something waits. */
    private static void awaitBlocked(Thread t) {
        FacadeFixture.await(t.getName() + " to block", () -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void theCallbackRunsOnlyOnceTheStoreHasTheMessageWhichIsNotReceivableBefore() throws Exception {
        gated(b -> b);
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        Recorder rec = new Recorder(store);
        store.hold();
        producer.send(session.createTextMessage("one"), rec);
        assertEquals(1, store.adds.get(), "handed to the store when send() returned");
        assertEquals(0, store.durableCount());
        assertNull(consumer.receive(200), "not receivable while the force is held back");
        assertEquals(List.of(), rec.events, "no callback while the force is held back");
        assertEquals(1, fx.engine().consumerQueue(LOCAL_REF).size(), "its room in the queue is reserved");

        store.release();
        rec.await(1);
        assertEquals(List.of("ok:one"), rec.events);
        assertEquals(List.of(true), rec.durableWhenCompleted, "durable when the callback ran");
        assertTrue(rec.threads.get(0).contains("-send"), "on the session's send thread: " + rec.threads);
        assertEquals("one", receiveText(consumer).getText());
    }

    @Test
    void aSendMadeWhileTheSendThreadIsIdleIsCompletedOnceDurable() throws Exception {
        Sending x = sendingToLocal();
        Recorder rec = x.rec();
        x.producer().send(x.session().createTextMessage("one"), rec);
        rec.await(1);
        Thread sendThread = FacadeFixture.threadNamed(rec.threads.get(0));
        awaitBlocked(sendThread); // idle: nothing left to complete

        store.hold();
        x.producer().send(x.session().createTextMessage("two"), rec);
        x.producer().send(x.session().createTextMessage("three"), rec);
        assertEquals(List.of("ok:one"), rec.events, "no callback while the force is held back");
        store.release();
        rec.await(2);
        assertEquals(List.of("ok:one", "ok:two", "ok:three"), rec.events);
        assertEquals(List.of(true, true, true), rec.durableWhenCompleted);
    }

    @Test
    void aCallbackThatInterruptsItsThreadDoesNotStopLaterCallbacks() throws Exception {
        Sending x = sendingToLocal();
        Recorder rec = x.rec();
        CompletionListener interrupting = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                Thread.currentThread().interrupt();
                rec.onCompletion(message);
            }

            @Override
            public void onException(Message message, Exception exception) {
                rec.onException(message, exception);
            }
        };
        store.hold();
        x.producer().send(x.session().createTextMessage("one"), interrupting);
        x.producer().send(x.session().createTextMessage("two"), rec);
        store.release();
        rec.await(2);
        store.hold();
        x.producer().send(x.session().createTextMessage("three"), rec);
        store.release();
        rec.await(1);
        assertEquals(List.of("ok:one", "ok:two", "ok:three"), rec.events);
    }

    @Test
    void aSynchronousSendWaitsForThePendingAsynchronousOnes() throws Exception {
        gated(b -> b);
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        Recorder rec = new Recorder(store);
        store.hold();
        producer.send(session.createTextMessage("async"), rec);
        CompletableFuture<Void> syncSent = new CompletableFuture<>();
        Thread sender = start("sync-sender", () -> producer.send(session.createTextMessage("sync")), syncSent);
        awaitBlocked(sender);
        assertFalse(syncSent.isDone(), "the synchronous send waits until the asynchronous one is on its queue");
        assertEquals(1, store.adds.get(), "and has not reached the store");
        store.release();
        syncSent.get(10, TimeUnit.SECONDS);
        rec.await(1);
        assertEquals(List.of("ok:async"), rec.events);
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        assertEquals("async", receiveText(consumer).getText());
        assertEquals("sync", receiveText(consumer).getText());
    }

    @Test
    void manyAsynchronousSendsInterleavedWithSynchronousOnesKeepTheSendOrder() throws Exception {
        fx = new FacadeFixture(b -> b.dataDirectory(dataDir).maxQueueMessages(10_000));
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        Recorder rec = new Recorder(null);
        int n = 600;
        List<String> asyncOnes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            if (i % 7 == 3) {
                producer.send(m);
                continue;
            }
            // Now and then a NON_PERSISTENT one, which takes the other asynchronous path.
            int mode = i % 11 == 5 ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT;
            producer.send(m, mode, 4, 0, rec);
            asyncOnes.add("ok:m" + i);
        }
        rec.await(asyncOnes.size());
        assertEquals(asyncOnes, rec.events, "callbacks in send order");
        for (String t : rec.threads) {
            assertFalse(t.startsWith("fpm-jms-journal"), "callbacks never run on the journal's writer: " + t);
        }
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        for (int i = 0; i < n; i++) {
            assertEquals("m" + i, receiveText(consumer).getText(), "message " + i + " in send order");
        }
        assertNull(consumer.receiveNoWait());
    }

    @Test
    void aStoreFailureGoesToOnExceptionAndThatMessageIsNotDelivered() throws Exception {
        gated(b -> b);
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        Recorder rec = new Recorder(store);
        store.failNext(1);
        producer.send(session.createTextMessage("lost"), rec);
        producer.send(session.createTextMessage("kept"), rec);
        rec.await(2);
        assertEquals(List.of("fail:lost", "ok:kept"), rec.events);
        assertTrue(rec.failures.get(0).getMessage().contains("disk is on fire"), rec.failures.get(0).getMessage());
        assertEquals(1, fx.engine().consumerQueue(LOCAL_REF).size(), "the failed message's room is given back");
        MessageConsumer consumer = session.createConsumer(session.createQueue(LOCAL));
        assertEquals("kept", receiveText(consumer).getText());
        assertNull(consumer.receive(100));
    }

    @Test
    void aFullQueueBlocksTheProducerBeforeTheJournalWrite() throws Exception {
        gated(b -> b.maxQueueMessages(2).fullQueuePolicy(FullQueuePolicy.BLOCK).sendTimeout(Duration.ofSeconds(30)));
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        Recorder rec = new Recorder(store);
        store.hold();
        producer.send(session.createTextMessage("a"), rec);
        producer.send(session.createTextMessage("b"), rec);
        CompletableFuture<Void> thirdSent = new CompletableFuture<>();
        Thread third = start("third-sender", () -> producer.send(session.createTextMessage("c"), rec), thirdSent);
        awaitBlocked(third);
        assertFalse(thirdSent.isDone(), "the producer blocks while the queue is full");
        assertEquals(2, store.adds.get(), "the blocked message is not written");

        store.release();
        rec.await(2);
        assertFalse(thirdSent.isDone(), "still full: a and b are held by the queue");
        Session consumerSession = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(LOCAL));
        assertEquals("a", receiveText(consumer).getText());
        thirdSent.get(10, TimeUnit.SECONDS);
        rec.await(1);
        assertEquals(List.of("ok:a", "ok:b", "ok:c"), rec.events);
        assertEquals("b", receiveText(consumer).getText());
        assertEquals("c", receiveText(consumer).getText());
    }

    @Test
    void aFullQueueWithPolicyFailGoesToOnExceptionInOrder() throws Exception {
        gated(b -> b.maxQueueMessages(2));
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        Recorder rec = new Recorder(store);
        store.hold();
        producer.send(session.createTextMessage("a"), rec);
        producer.send(session.createTextMessage("b"), rec);
        producer.send(session.createTextMessage("c"), rec);
        assertEquals(2, store.adds.get(), "the refused message is not written");
        store.release();
        rec.await(3);
        assertEquals(List.of("ok:a", "ok:b", "fail:c"), rec.events);
        assertTrue(rec.failures.get(0) instanceof ResourceAllocationException, rec.failures.toString());
    }

    @Test
    void closingTheProducerOrTheSessionWaitsForPendingSends() throws Exception {
        gated(b -> b);
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        Recorder rec = new Recorder(store);
        store.hold();
        producer.send(session.createTextMessage("one"), rec);
        List<String> seenByClose = new ArrayList<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Thread closer = start("producer-closer", () -> {
            producer.close();
            seenByClose.addAll(rec.events);
        }, closed);
        awaitBlocked(closer);
        assertFalse(closed.isDone(), "close waits for the pending send");
        store.release();
        closed.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("ok:one"), seenByClose, "the callback ran before close() returned");

        MessageProducer second = session.createProducer(session.createQueue(LOCAL));
        store.hold();
        second.send(session.createTextMessage("two"), rec);
        CompletableFuture<Void> sessionClosed = new CompletableFuture<>();
        List<String> seenBySessionClose = new ArrayList<>();
        Thread sessionCloser = start("session-closer", () -> {
            session.close();
            seenBySessionClose.addAll(rec.events);
        }, sessionClosed);
        awaitBlocked(sessionCloser);
        assertFalse(sessionClosed.isDone(), "session close waits for the pending send");
        store.release();
        sessionClosed.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("ok:one", "ok:two"), seenBySessionClose);
        Session other = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = other.createConsumer(other.createQueue(LOCAL));
        assertEquals("one", receiveText(consumer).getText());
        assertEquals("two", receiveText(consumer).getText());
    }

    @Test
    void aCallbackMustNotCloseItsOwnSessionOrProducer() throws Exception {
        gated(b -> b);
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        CompletableFuture<List<Exception>> attempts = new CompletableFuture<>();
        producer.send(session.createTextMessage("x"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                List<Exception> got = new ArrayList<>();
                for (ThrowingRunnable r : List.<ThrowingRunnable>of(session::close, producer::close)) {
                    try {
                        r.run();
                    } catch (Exception e) {
                        got.add(e);
                    }
                }
                attempts.complete(got);
            }

            @Override
            public void onException(Message message, Exception exception) {
                attempts.completeExceptionally(exception);
            }
        });
        List<Exception> refused = attempts.get(10, TimeUnit.SECONDS);
        assertEquals(2, refused.size(), "both refused: " + refused);
        for (Exception e : refused) {
            assertTrue(e instanceof jakarta.jms.IllegalStateException, e.toString());
        }
    }

    @Test
    void anEngineShutDownWhileASendIsPendingFailsItAndDropsItsRecord() throws Exception {
        gated(b -> b);
        Session session = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(LOCAL));
        Recorder rec = new Recorder(store);
        store.hold();
        producer.send(session.createTextMessage("late"), rec);
        fx.engine().shutdown();
        store.release();
        rec.await(1);
        assertEquals(List.of("fail:late"), rec.events);
        assertTrue(rec.failures.get(0) instanceof jakarta.jms.IllegalStateException, rec.failures.toString());
        assertEquals(0, store.durableCount(), "its record is removed again");
    }
}
