package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
        AtomicReference<String> overlap = new AtomicReference<>();
        ClosedLoop.Operation a = () -> {
            if (outstandingB.get() != 0) {
                overlap.compareAndSet(null, "A started while B had operations outstanding");
            }
            outstandingA.incrementAndGet();
            return after(200).whenComplete((r, e) -> outstandingA.decrementAndGet());
        };
        ClosedLoop.Operation b = () -> {
            if (outstandingA.get() != 0) {
                overlap.compareAndSet(null, "B started while A had operations outstanding");
            }
            outstandingB.incrementAndGet();
            return after(2_000).whenComplete((r, e) -> outstandingB.decrementAndGet());
        };
        // Two seconds of each: four slices per side, so a window that does not come back after a
        // slice's drain would stall the second slice.
        BenchOptions options = BenchOptions.parse("--warmup", "0", "--duration", "2");
        ScenarioResult[] r = AlternatingLoop.run("a", a, "b", b, options, 4, new HeapProbe());

        assertNull(overlap.get());
        assertEquals("a", r[0].name());
        assertEquals("b", r[1].name());
        assertTrue(r[0].messages() > 0 && r[1].messages() > 0, r[0] + " " + r[1]);
        // Each side's rate is over its own slices (about 2 s each): 4 in flight at 0.2 ms and at 2 ms.
        assertTrue(r[0].msgsPerSecond() > 2 * r[1].msgsPerSecond(), r[0] + " " + r[1]);
        assertTrue(r[1].msgsPerSecond() < 4 / 0.002 * 1.05, "B cannot beat its window: " + r[1]);
        assertTrue(r[1].p50Micros() >= 2_000, "B's latencies are B's own: " + r[1]);
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
}
