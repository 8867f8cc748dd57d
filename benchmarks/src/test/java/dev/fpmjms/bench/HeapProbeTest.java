package dev.fpmjms.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapProbeTest {

    @Test
    void sumsPerThreadGrowthCountsNewThreadsWhollyAndIgnoresDeadOnes() {
        Map<Long, Long> before = Map.of(1L, 1_000L, 2L, 5_000L, 3L, 9_999_999L);
        Map<Long, Long> after = Map.of(1L, 1_500L, 2L, 5_000L, 4L, 700L);
        // thread 3 died: its bytes are not subtracted (that made totals go negative)
        assertEquals(500 + 0 + 700, HeapProbe.allocatedBetween(before, after));
    }

    @Test
    void unknownWhenTheJvmCannotMeasure() {
        assertEquals(-1, HeapProbe.allocatedBetween(null, Map.of()));
        assertEquals(-1, HeapProbe.allocatedBetween(Map.of(), null));
    }

    @Test
    void thisThreadsAllocationShowsUp() {
        HeapProbe probe = new HeapProbe();
        Map<Long, Long> before = probe.allocationSnapshot();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[16 * 1024];
        }
        Map<Long, Long> after = probe.allocationSnapshot();
        assertTrue(garbage[63].length > 0);
        if (before != null) {
            assertTrue(HeapProbe.allocatedBetween(before, after) >= 64L * 16 * 1024,
                    "allocated " + HeapProbe.allocatedBetween(before, after));
        }
    }
}
