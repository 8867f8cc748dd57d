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
 * The window here is the longest allowed (1 s). Verdicts come from the session thread's state (a
 * timed sleep is TIMED_WAITING, the idle park WAITING) and from delivery times compared with the
 * window's own start, never from how fast this machine happens to be: every wait has a generous
 * deadline.
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
        /** When the last delivery happened ({@link System#nanoTime()}). */
        volatile long lastDelivery;
        volatile CountDownLatch latch;

        Listening(int expected) {
            latch = new CountDownLatch(expected);
        }

        void onMessage() {
            thread.set(Thread.currentThread());
            lastDelivery = System.nanoTime();
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
        assertTrue(listening.latch.await(SOON.toMillis(), TimeUnit.MILLISECONDS), "the first batch was delivered");
        return listening;
    }

    /** Waits until the thread is in {@code state}; fails after {@code within}. */
    private static void awaitState(Thread t, Thread.State state, Duration within) {
        Await.spinUntil(() -> "the session thread is " + state + " (it is " + t.getState() + ")", within,
                () -> t.getState() == state);
    }

    /**
     * Waits until the idle session thread parks untimed (WAITING), failing if it is ever seen in a
     * timed sleep first: a thread sleeping out the window is TIMED_WAITING for the whole second.
     */
    private static void awaitIdleWithoutWindow(Thread t) {
        long deadline = System.nanoTime() + SOON.toNanos();
        Thread.State state;
        while ((state = t.getState()) != Thread.State.WAITING) {
            assertFalse(state == Thread.State.TIMED_WAITING, "the session thread sleeps out a window");
            assertTrue(System.nanoTime() < deadline, "session thread not idle within " + SOON + ": " + state);
            Thread.onSpinWait();
        }
    }

    /** Generous: the deadline of anything that should happen, on however busy a machine. */
    private static final Duration SOON = Duration.ofSeconds(20);

    private void sendOne() throws Exception {
        Session sender = fx.startedSession(Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(sender.createQueue(LOCAL)).send(sender.createTextMessage("next"));
    }

    @Test
    void afterABatchTheNextMessageWaitsForTheWindow() throws Exception {
        Listening listening = drainedBatch(WINDOW, 3);
        awaitState(listening.thread.get(), Thread.State.TIMED_WAITING, SOON);
        long batchEnd = listening.lastDelivery; // the window starts after the batch's last delivery
        listening.latch = new CountDownLatch(1);
        sendOne();
        assertTrue(listening.latch.await(SOON.toMillis(), TimeUnit.MILLISECONDS), "delivered when the window ends");
        assertTrue(listening.lastDelivery - batchEnd >= WINDOW.toNanos(), "held back while the window runs: delivered "
                + TimeUnit.NANOSECONDS.toMillis(listening.lastDelivery - batchEnd) + " ms after the batch");
    }

    @Test
    void aLoneMessageToAnIdleListenerIsDeliveredAtOnce() throws Exception {
        Listening listening = drainedBatch(WINDOW, 1);
        awaitIdleWithoutWindow(listening.thread.get());
        listening.latch = new CountDownLatch(1);
        sendOne();
        // Parked untimed, the thread delivers only if the message wakes it.
        assertTrue(listening.latch.await(SOON.toMillis(), TimeUnit.MILLISECONDS),
                "one message found by the last drain: the thread waits untimed and the next message wakes it");
    }

    @Test
    void aZeroWindowNeverSleepsAfterABatch() throws Exception {
        Listening listening = drainedBatch(Duration.ZERO, 3);
        awaitIdleWithoutWindow(listening.thread.get());
        listening.latch = new CountDownLatch(1);
        sendOne();
        assertTrue(listening.latch.await(SOON.toMillis(), TimeUnit.MILLISECONDS));
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
        assertTrue(listening.latch.await(SOON.toMillis(), TimeUnit.MILLISECONDS));
        Thread thread = listening.thread.get();
        awaitState(thread, Thread.State.TIMED_WAITING, SOON);
        session.close();
        thread.join(SOON.toMillis());
        long ended = System.nanoTime();
        assertEquals(Thread.State.TERMINATED, thread.getState());
        // The one check bound to the clock: the window (at most 1 s by configuration) began after
        // the last delivery, and a thread that slept it out could not have ended before its end.
        // The close comes as soon as the sleep is seen, so only a pause of the test thread of
        // most of a second could blur this.
        assertTrue(ended - listening.lastDelivery < WINDOW.toNanos(), "the session thread ends without sleeping out the window: "
                + TimeUnit.NANOSECONDS.toMillis(ended - listening.lastDelivery) + " ms after the last delivery");
    }
}
