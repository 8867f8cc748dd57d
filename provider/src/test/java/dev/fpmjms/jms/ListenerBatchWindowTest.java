package dev.fpmjms.jms;

import dev.fpmjms.testing.Await;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener batch window (FpmConfig.listenerBatchWindow): after a drain of several messages the
 * session thread sleeps for the window and a new message waits for it; a lone message to an idle
 * listener is delivered at once; a window of 0 never sleeps; closing does not wait for the window.
 * The window here is the longest allowed (1 s), so "at once" and "after the window" are far apart.
 */
@Timeout(30)
class ListenerBatchWindowTest {
    private static final Duration WINDOW = Duration.ofSeconds(1);

    private FacadeFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    /** A listener on {@code local} that counts deliveries down and remembers its thread. */
    private static final class Listening {
        final AtomicReference<Thread> thread = new AtomicReference<>();
        volatile CountDownLatch latch;

        Listening(int expected) {
            latch = new CountDownLatch(expected);
        }

        void onMessage() {
            thread.set(Thread.currentThread());
            latch.countDown();
        }
    }

    private Session listeningSession(Connection connection, Listening listening) throws Exception {
        Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
        session.createConsumer(session.createQueue(LOCAL)).setMessageListener(m -> listening.onMessage());
        return session;
    }

    /** Sends {@code n} messages to {@code local} before the connection starts, then starts it: one drain takes them all. */
    private Listening drainedBatch(Duration window, int n) throws Exception {
        fx = new FacadeFixture(b -> b.listenerBatchWindow(window));
        Connection connection = fx.connection();
        Listening listening = new Listening(n);
        listeningSession(connection, listening);
        Session sender = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = sender.createProducer(sender.createQueue(LOCAL));
        for (int i = 0; i < n; i++) {
            producer.send(sender.createTextMessage("m" + i));
        }
        connection.start();
        assertTrue(listening.latch.await(5, TimeUnit.SECONDS), "the first batch was delivered");
        return listening;
    }

    /** Waits until the thread is in {@code state}; fails after {@code within}. */
    private static void awaitState(Thread t, Thread.State state, Duration within) {
        Await.spinUntil(() -> "the session thread is " + state + " (it is " + t.getState() + ")", within,
                () -> t.getState() == state);
    }

    private static final Duration SOON = Duration.ofSeconds(5);
    /** Well inside the window: a thread that slept out the window would not be there yet. */
    private static final Duration INSIDE_THE_WINDOW = WINDOW.dividedBy(2);

    private void sendOne() throws Exception {
        Session sender = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(sender.createQueue(LOCAL)).send(sender.createTextMessage("next"));
    }

    @Test
    void afterABatchTheNextMessageWaitsForTheWindow() throws Exception {
        Listening listening = drainedBatch(WINDOW, 3);
        awaitState(listening.thread.get(), Thread.State.TIMED_WAITING, SOON);
        listening.latch = new CountDownLatch(1);
        long sent = System.nanoTime();
        sendOne();
        assertFalse(listening.latch.await(300, TimeUnit.MILLISECONDS), "held back while the window runs");
        assertTrue(listening.latch.await(5, TimeUnit.SECONDS), "delivered when the window ends");
        assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aLoneMessageToAnIdleListenerIsDeliveredAtOnce() throws Exception {
        Listening listening = drainedBatch(WINDOW, 1);
        awaitState(listening.thread.get(), Thread.State.WAITING, INSIDE_THE_WINDOW);
        listening.latch = new CountDownLatch(1);
        sendOne();
        assertTrue(listening.latch.await(INSIDE_THE_WINDOW.toMillis(), TimeUnit.MILLISECONDS),
                "one message found by the last drain: the thread waits untimed and the next message wakes it");
    }

    @Test
    void aZeroWindowNeverSleepsAfterABatch() throws Exception {
        Listening listening = drainedBatch(Duration.ZERO, 3);
        awaitState(listening.thread.get(), Thread.State.WAITING, INSIDE_THE_WINDOW);
        listening.latch = new CountDownLatch(1);
        sendOne();
        assertTrue(listening.latch.await(INSIDE_THE_WINDOW.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void closingTheSessionDoesNotWaitForTheWindow() throws Exception {
        fx = new FacadeFixture(b -> b.listenerBatchWindow(WINDOW));
        Connection connection = fx.connection();
        Listening listening = new Listening(3);
        Session session = listeningSession(connection, listening);
        Session sender = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = sender.createProducer(sender.createQueue(LOCAL));
        for (int i = 0; i < 3; i++) {
            producer.send(sender.createTextMessage("m" + i));
        }
        connection.start();
        assertTrue(listening.latch.await(5, TimeUnit.SECONDS));
        Thread thread = listening.thread.get();
        awaitState(thread, Thread.State.TIMED_WAITING, SOON);
        session.close();
        thread.join(INSIDE_THE_WINDOW.toMillis());
        assertFalse(thread.isAlive(), "the session thread ends without sleeping out the window");
        assertEquals(Thread.State.TERMINATED, thread.getState());
    }
}
