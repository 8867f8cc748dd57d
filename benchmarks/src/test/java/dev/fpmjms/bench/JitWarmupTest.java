package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JitWarmupTest {

    @Test
    void endsAfterTheWarmupWhenTheCompilerIsQuiet() throws Exception {
        List<Duration> phases = new ArrayList<>();
        new JitWarmup(() -> 1_000).warmUp(Duration.ofSeconds(2), phases::add);
        Duration check = JitWarmup.CHECK_INTERVAL;
        assertEquals(List.of(Duration.ofSeconds(2), check, check, check, check), phases);
    }

    /**
     * The phases a warm-up runs when the compiler works (100 ms of compilation) during the phases
     * {@code busy} accepts, numbered from 1 (the warm-up itself).
     */
    private static List<Duration> phasesWhenBusyIn(Duration warmup, IntPredicate busy) throws Exception {
        AtomicLong compileMillis = new AtomicLong();
        List<Duration> phases = new ArrayList<>();
        new JitWarmup(compileMillis::get).warmUp(warmup, length -> {
            phases.add(length);
            if (busy.test(phases.size())) {
                compileMillis.addAndGet(100);
            }
        });
        return phases;
    }

    @Test
    void aQuietIntervalBetweenBusyOnesDoesNotEndIt() throws Exception {
        // Warm-up busy, one quiet check, one busy check, then quiet.
        List<Duration> phases = phasesWhenBusyIn(Duration.ofSeconds(2), n -> n == 1 || n == 3);
        assertEquals(3 + JitWarmup.QUIET_CHECKS, phases.size(), phases.toString());
    }

    @Test
    void goesOnWhileTheCompilerWorksThenStops() throws Exception {
        // Busy compiling for the warm-up and two more intervals, then quiet.
        List<Duration> phases = phasesWhenBusyIn(Duration.ofSeconds(1), n -> n <= 3);
        assertEquals(3 + JitWarmup.QUIET_CHECKS, phases.size(), phases.toString());
    }

    @Test
    void isBoundedWhenTheCompilerNeverRests() throws Exception {
        List<Duration> phases = phasesWhenBusyIn(Duration.ofSeconds(1), n -> true);
        // 1 s of warm-up, then at most MAX_EXTRA_FACTOR s more in 500 ms steps.
        assertEquals(1 + 2 * JitWarmup.MAX_EXTRA_FACTOR, phases.size());
    }

    @Test
    void noWarmupRunsNothingAndAnUnknownCompilerOnlyTheWarmup() throws Exception {
        List<Duration> phases = new ArrayList<>();
        new JitWarmup(() -> 0).warmUp(Duration.ZERO, phases::add);
        assertEquals(List.of(), phases);
        new JitWarmup(null).warmUp(Duration.ofSeconds(1), phases::add);
        assertEquals(List.of(Duration.ofSeconds(1)), phases);
    }
}
