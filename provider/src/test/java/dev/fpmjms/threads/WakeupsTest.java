package dev.fpmjms.threads;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(30)
class WakeupsTest {

    @Test
    void outsideABatchAWakeUpIsMadeAtOnce() {
        AtomicInteger woken = new AtomicInteger();
        Runnable waker = woken::incrementAndGet;
        Wakeups.wake(waker);
        Wakeups.wake(waker);
        assertEquals(2, woken.get());
    }

    @Test
    void insideABatchEachWakerRunsOnceAtTheEnd() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        Runnable wakeFirst = first::incrementAndGet;
        Runnable wakeSecond = second::incrementAndGet;
        Wakeups.coalescing(() -> {
            Wakeups.wake(wakeFirst);
            Wakeups.wake(wakeSecond);
            Wakeups.wake(wakeFirst);
            assertEquals(0, first.get(), "held until the end of the batch");
            assertEquals(0, second.get());
        });
        assertEquals(1, first.get(), "once per batch");
        assertEquals(1, second.get());
        Wakeups.wake(wakeFirst);
        assertEquals(2, first.get(), "after the batch: at once again");
    }

    @Test
    void aNestedBatchJoinsTheOuterOne() {
        AtomicInteger woken = new AtomicInteger();
        Runnable waker = woken::incrementAndGet;
        Wakeups.coalescing(() -> {
            Wakeups.coalescing(() -> Wakeups.wake(waker));
            assertEquals(0, woken.get(), "the inner end does not wake");
            Wakeups.wake(waker);
        });
        assertEquals(1, woken.get());
    }

    @Test
    void aBatchThatThrowsStillWakes() {
        AtomicInteger woken = new AtomicInteger();
        Runnable waker = woken::incrementAndGet;
        assertThrows(IllegalStateException.class, () -> Wakeups.coalescing(() -> {
            Wakeups.wake(waker);
            throw new IllegalStateException("test");
        }));
        assertEquals(1, woken.get());
        Wakeups.wake(waker);
        assertEquals(2, woken.get(), "the batch is over");
    }

    @Test
    void anUnparkRequestedInABatchIsGivenAtItsEnd() throws Exception {
        Thread self = Thread.currentThread();
        Wakeups.coalescing(() -> {
            Wakeups.unpark(self);
            Wakeups.unpark(self);
        });
        // Returns at once when the permit was given; without it the park never returns and the
        // class's timeout fails the test. No bound on how long it took: a busy machine may pause it.
        LockSupport.park();
    }

    @Test
    void anotherThreadsWakeUpsAreNotHeldByThisThreadsBatch() throws Exception {
        AtomicInteger woken = new AtomicInteger();
        Runnable waker = woken::incrementAndGet;
        Wakeups.coalescing(() -> {
            Thread other = new Thread(() -> Wakeups.wake(waker));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertEquals(1, woken.get(), "made at once on a thread outside any batch");
        });
    }
}
