package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AlternatingLoopTest {

    /** Completes on another thread after about {@code micros}, as a real operation would. */
    private static CompletableFuture<Void> after(long micros) {
        Executor later = CompletableFuture.delayedExecutor(micros, TimeUnit.MICROSECONDS);
        return CompletableFuture.runAsync(() -> { }, later);
    }

    @Test
    void bothSidesRunInTheirOwnSlicesAndEachKeepsItsOwnWindowAcrossSlices() throws Exception {
        AtomicInteger outstandingA = new AtomicInteger();
        AtomicInteger outstandingB = new AtomicInteger();
        AtomicInteger mostOutstanding = new AtomicInteger();
        AtomicReference<String> overlap = new AtomicReference<>();
        StringBuffer turns = new StringBuffer(); // one letter per run of a side's operations
        ClosedLoop.Operation a = () -> {
            if (outstandingB.get() != 0) {
                overlap.compareAndSet(null, "A started while B had operations outstanding");
            }
            turn(turns, 'A');
            mostOutstanding.accumulateAndGet(outstandingA.incrementAndGet(), Math::max);
            return after(200).whenComplete((r, e) -> outstandingA.decrementAndGet());
        };
        ClosedLoop.Operation b = () -> {
            if (outstandingA.get() != 0) {
                overlap.compareAndSet(null, "B started while A had operations outstanding");
            }
            turn(turns, 'B');
            mostOutstanding.accumulateAndGet(outstandingB.incrementAndGet(), Math::max);
            return after(2_000).whenComplete((r, e) -> outstandingB.decrementAndGet());
        };
        // Two seconds of each: four slices per side (A B, B A, A B, B A), so a window that did not
        // come back after a slice's drain would stall a later slice (run() then throws).
        BenchOptions options = BenchOptions.parse("--warmup", "0", "--duration", "2");
        long t0 = System.nanoTime();
        ScenarioResult[] r = AlternatingLoop.run("a", a, "b", b, options, 4, new HeapProbe());
        double wallSeconds = (System.nanoTime() - t0) / 1e9;

        assertNull(overlap.get());
        assertEquals("a", r[0].name());
        assertEquals("b", r[1].name());
        // Every slice started operations: the turns were A, BB, AA, BB, A.
        assertEquals("ABABA", turns.toString());
        assertTrue(mostOutstanding.get() <= 4, "a side kept at most its window outstanding: " + mostOutstanding);
        // Each side's rate is over its own slices: each side's time is its four slices of at least
        // 500 ms, and the two add up to no more than the whole run (a rate over the whole run
        // would count every second twice). Counts and clocks only: nothing here depends on speed.
        double ownA = r[0].messages() / r[0].msgsPerSecond();
        double ownB = r[1].messages() / r[1].msgsPerSecond();
        assertTrue(ownA >= 1.999 && ownB >= 1.999, "own slices: " + ownA + " s and " + ownB + " s");
        assertTrue(ownA + ownB <= wallSeconds, ownA + " s + " + ownB + " s within a run of " + wallSeconds + " s");
        assertTrue(r[1].msgsPerSecond() <= 4 / 0.002 * 1.05, "B cannot beat its window: " + r[1]);
        assertTrue(r[1].p50Micros() >= 2_000, "B's latencies are B's own: " + r[1]);
    }

    /** Appends {@code side} when it is not the side of the current run. */
    private static void turn(StringBuffer turns, char side) {
        if (turns.length() == 0 || turns.charAt(turns.length() - 1) != side) {
            turns.append(side);
        }
    }

    @Test
    void aFailedOperationFailsTheRun() {
        ClosedLoop.Operation ok = () -> CompletableFuture.completedFuture(null);
        ClosedLoop.Operation broken = () -> CompletableFuture.failedFuture(new IllegalStateException("worker gone"));
        BenchOptions options = BenchOptions.parse("--warmup", "0", "--duration", "1");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AlternatingLoop.run("ok", ok, "broken", broken, options, 2, new HeapProbe()));
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
    }

    @Test
    void aBlockingSideRunsOneThreadPerOperationOnlyInItsOwnSlices() throws Exception {
        AtomicInteger outstandingA = new AtomicInteger();
        AtomicInteger runningB = new AtomicInteger();
        AtomicInteger mostRunningB = new AtomicInteger();
        AtomicReference<String> overlap = new AtomicReference<>();
        ClosedLoop.Operation a = () -> {
            if (runningB.get() != 0) {
                overlap.compareAndSet(null, "A started while B ran");
            }
            outstandingA.incrementAndGet();
            return after(200).whenComplete((r, e) -> outstandingA.decrementAndGet());
        };
        List<ClosedLoop.BlockingOperation> b = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            b.add(() -> {
                if (outstandingA.get() != 0) {
                    overlap.compareAndSet(null, "B ran while A had operations outstanding");
                }
                mostRunningB.accumulateAndGet(runningB.incrementAndGet(), Math::max);
                try {
                    TimeUnit.MICROSECONDS.sleep(500);
                } finally {
                    runningB.decrementAndGet();
                }
            });
        }
        BenchOptions options = BenchOptions.parse("--warmup", "0", "--duration", "1");
        HeapProbe probe = new HeapProbe();
        ScenarioResult[] r = AlternatingLoop.run(AlternatingLoop.closedLoop("a", a, 4, probe),
                AlternatingLoop.blockingLoops("b", b, probe), options, AlternatingLoop.SLICE);

        assertNull(overlap.get());
        assertEquals("b", r[1].name());
        assertTrue(r[1].messages() > 0 && r[0].messages() > 0, r[0] + " " + r[1]);
        assertTrue(mostRunningB.get() <= 3, "one thread per operation: " + mostRunningB);
        double ownB = r[1].messages() / r[1].msgsPerSecond();
        assertTrue(ownB >= 0.999, "B's rate is over its own slices: " + ownB + " s");
    }

    @Test
    void aFailedBlockingOperationFailsTheRun() {
        ClosedLoop.Operation ok = () -> CompletableFuture.completedFuture(null);
        ClosedLoop.BlockingOperation broken = () -> {
            throw new java.io.IOException("php-fpm closed the connection");
        };
        BenchOptions options = BenchOptions.parse("--warmup", "0", "--duration", "1");
        HeapProbe probe = new HeapProbe();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AlternatingLoop.run(
                AlternatingLoop.closedLoop("ok", ok, 2, probe), AlternatingLoop.blockingLoops("broken", List.of(broken), probe),
                options, AlternatingLoop.SLICE));
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("closed the connection"), e.getMessage());
    }
}
