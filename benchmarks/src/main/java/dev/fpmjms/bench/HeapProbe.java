package dev.fpmjms.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap figures of this JVM: used heap after a full GC, and bytes allocated per thread (HotSpot's
 * {@code com.sun.management.ThreadMXBean}). {@link #allocatedSince} sums, over the threads alive at
 * its call, what each allocated after the snapshot (all of it for threads started since); threads
 * that died in between take their counts with them, so the figure is a lower bound when a
 * scenario ends threads mid-window. Not thread-safe; used by the benchmark's main thread.
 */
final class HeapProbe {

    private static final double MIB = 1024.0 * 1024.0;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Runs a GC (twice, to let finalizable and reference-queued objects go) and returns used heap in MiB. */
    double usedHeapAfterGcMb() {
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed() / MIB;
    }

    /** Bytes allocated so far per live thread id, or {@code null} when the JVM does not measure it. */
    Map<Long, Long> allocationSnapshot() {
        if (!(threads instanceof com.sun.management.ThreadMXBean hotspot)
                || !hotspot.isThreadAllocatedMemorySupported() || !hotspot.isThreadAllocatedMemoryEnabled()) {
            return null;
        }
        long[] ids = hotspot.getAllThreadIds();
        long[] bytes = hotspot.getThreadAllocatedBytes(ids);
        Map<Long, Long> snapshot = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                snapshot.put(ids[i], bytes[i]);
            }
        }
        return snapshot;
    }

    /** Bytes the live threads allocated since {@code before}, or -1 when either snapshot is missing. */
    static long allocatedBetween(Map<Long, Long> before, Map<Long, Long> after) {
        if (before == null || after == null) {
            return -1;
        }
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return sum;
    }
}
