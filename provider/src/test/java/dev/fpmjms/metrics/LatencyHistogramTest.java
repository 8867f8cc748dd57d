package dev.fpmjms.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class LatencyHistogramTest {

    @Test
    void aValueGoesToTheFirstBucketWhoseBoundIsAtOrAboveIt() {
        LatencyHistogram h = new LatencyHistogram(TimeUnit.MILLISECONDS, 1, 10, 100);
        for (long v : new long[]{0, 1, 2, 10, 11, 100, 101, 5_000}) {
            h.record(v);
        }
        HistogramSnapshot s = h.snapshot();
        assertArrayEquals(new long[]{2, 2, 2, 2}, s.counts());
        assertEquals(8, s.count());
        assertEquals(0 + 1 + 2 + 10 + 11 + 100 + 101 + 5_000, s.sum());
        assertEquals(4, s.countAtOrBelow(10));
        assertEquals(6, s.countAtOrBelow(100));
        assertEquals(s.sum() / 8.0, s.mean());
        assertEquals(TimeUnit.MILLISECONDS, s.unit());
    }

    @Test
    void anUnknownValueIsNotRecorded() {
        LatencyHistogram h = new LatencyHistogram(TimeUnit.MICROSECONDS, 5);
        h.record(-1);
        assertEquals(0, h.snapshot().count());
        assertEquals(0.0, h.snapshot().mean());
    }

    @Test
    void badBoundsAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LatencyHistogram(TimeUnit.MILLISECONDS, 5, 5));
        assertTrue(e.getMessage().contains("[5, 5]") && e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(TimeUnit.MILLISECONDS, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(TimeUnit.MILLISECONDS));
        assertThrows(IllegalArgumentException.class,
                () -> new HistogramSnapshot(TimeUnit.MILLISECONDS, new long[]{1}, new long[]{1}, 0));
    }

    @Test
    void aSnapshotIsACopy() {
        LatencyHistogram h = new LatencyHistogram(TimeUnit.MILLISECONDS, 1);
        HistogramSnapshot before = h.snapshot();
        h.record(1);
        assertEquals(0, before.count());
        before.counts()[0] = 99;
        assertEquals(0, before.count());
        assertEquals(HistogramSnapshot.empty(TimeUnit.MILLISECONDS, 1), before);
    }

    @Test
    void recordsFromManyThreadsAllCount() throws Exception {
        LatencyHistogram h = new LatencyHistogram(TimeUnit.MILLISECONDS, 1, 10);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    h.record(i % 20);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        HistogramSnapshot s = h.snapshot();
        assertEquals(40_000, s.count());
        assertArrayEquals(new long[]{4 * 1_000, 4 * 4_500, 4 * 4_500}, s.counts());
    }
}
