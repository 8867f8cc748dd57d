package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuMeterTest {

    @Test
    void readsUserPlusSystemTicksEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (php-fpm: pool (x) y) S 1 4242 4242 0 -1 4194624 1200 0 0 0 731 269 0 0 20 0 1 0 99 0 0";
        assertEquals(731 + 269, CpuMeter.parseTicks(stat));
    }

    @Test
    void microsPerOpIsMinusOneWhenAnythingIsUnknown() {
        assertEquals(25, CpuMeter.microsPerOp(1_000_000, 3_500_000, 100));
        assertEquals(-1, CpuMeter.microsPerOp(-1, 3_500_000, 100));
        assertEquals(-1, CpuMeter.microsPerOp(0, 3_500_000, 0));
    }

    @Test
    void thisJvmAndThisProcessHaveCpuTime() {
        assertTrue(CpuMeter.jvmNanos() > 0);
        assertTrue(CpuMeter.ticks(ProcessHandle.current().pid()) >= 0);
        assertEquals(-1, CpuMeter.phpNanos(), "no pool watched");
        CpuMeter.watchPool(Long.MAX_VALUE);
        try {
            assertEquals(-1, CpuMeter.phpNanos(), "a watched pool that is not running");
        } finally {
            CpuMeter.unwatchPool(Long.MAX_VALUE);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aThreadThatWaitsCountsAVoluntarySwitchOfTheJvm() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch stay = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                go.await();
                stay.await(); // alive until the second reading: an ended thread's switches are not counted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-waiter");
        waiter.start();
        try {
            while (waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            long[] before = CpuMeter.switches();
            go.countDown();
            while (go.getCount() > 0 || waiter.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            long[] after = CpuMeter.switches();
            assertEquals(4, after.length);
            assertTrue(after[2] > before[2], "JVM voluntary switches " + before[2] + " -> " + after[2]);
            assertEquals(0, after[0], "no pool watched: no php-fpm children counted");
        } finally {
            stay.countDown();
            waiter.join();
        }
    }
}
