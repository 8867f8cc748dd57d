package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreditsTest {

    @Test
    void takesUntilNoneIsFreeThenTimesOut() throws Exception {
        Credits c = new Credits(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(c.take(1, TimeUnit.SECONDS));
        }
        assertEquals(0, c.free());
        assertFalse(c.take(20, TimeUnit.MILLISECONDS), "no credit is free and none comes back");
    }

    @Test
    @Timeout(30)
    void aSleepingDriverIsWokenOnceHalfTheCreditsAreBack() throws Exception {
        Credits c = new Credits(8);
        for (int i = 0; i < 8; i++) {
            assertTrue(c.take(1, TimeUnit.SECONDS));
        }
        AtomicInteger freeWhenWoken = new AtomicInteger(-1);
        CountDownLatch woken = new CountDownLatch(1);
        Thread driver = new Thread(() -> {
            try {
                if (c.take(25, TimeUnit.SECONDS)) {
                    freeWhenWoken.set(c.free() + 1); // it took one of them
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            woken.countDown();
        });
        driver.start();
        awaitAsleep(driver);
        for (int i = 0; i < 3; i++) {
            c.giveBack();
        }
        assertEquals(1, woken.getCount(), "the driver took a credit before half of them were back");
        assertEquals(3, c.free());
        c.giveBack();
        assertTrue(woken.await(25, TimeUnit.SECONDS), "the driver was not woken when half the credits were back");
        assertEquals(4, freeWhenWoken.get());
        driver.join();
    }

    @Test
    @Timeout(30)
    void awaitAllReturnsOnlyWhenEveryCreditIsBack() throws Exception {
        Credits c = new Credits(4);
        for (int i = 0; i < 4; i++) {
            assertTrue(c.take(1, TimeUnit.SECONDS));
        }
        AtomicBoolean drained = new AtomicBoolean();
        Thread driver = new Thread(() -> {
            try {
                drained.set(c.awaitAll(25, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        driver.start();
        awaitAsleep(driver);
        for (int i = 0; i < 3; i++) {
            c.giveBack();
        }
        assertFalse(drained.get(), "drained with one credit still out");
        c.giveBack();
        driver.join(25_000);
        assertTrue(drained.get());
        assertEquals(4, c.free());
        Credits oneOut = new Credits(2);
        assertTrue(oneOut.take(1, TimeUnit.SECONDS));
        assertFalse(oneOut.awaitAll(20, TimeUnit.MILLISECONDS), "one credit stays out: the wait times out");
    }

    @Test
    void givingBackMoreThanTakenIsAnError() {
        Credits c = new Credits(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, c::giveBack);
        assertTrue(e.getMessage().contains("more credits given back than taken"), e.getMessage());
        assertEquals(2, c.free());
        assertThrows(IllegalArgumentException.class, () -> new Credits(0));
    }

    @Test
    void aWindowOfOneWakesOnTheFirstCredit() throws Exception {
        Credits c = new Credits(1);
        assertTrue(c.take(1, TimeUnit.SECONDS));
        Thread giver = new Thread(c::giveBack);
        giver.start();
        assertTrue(c.take(25, TimeUnit.SECONDS));
        giver.join();
    }

    /** Waits (bounded) until the thread sleeps in a timed park. */
    private static void awaitAsleep(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        while (t.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, t.getName() + " did not go to sleep: " + t.getState());
            Thread.onSpinWait();
        }
    }
}
