package dev.fpmjms.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

/**
 * Heap figures of this JVM: used heap after a full GC, and bytes allocated by all live threads
 * (HotSpot's {@code com.sun.management.ThreadMXBean}). Threads that die between two readings take
 * their counts with them, so allocation figures are a lower bound when a scenario ends threads.
 * Not thread-safe; used by the benchmark's main thread.
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

    /** Bytes allocated so far by the live threads, or -1 when the JVM does not measure it. */
    long allocatedBytes() {
        if (!(threads instanceof com.sun.management.ThreadMXBean hotspot)
                || !hotspot.isThreadAllocatedMemorySupported() || !hotspot.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        long sum = 0;
        for (long bytes : hotspot.getThreadAllocatedBytes(hotspot.getAllThreadIds())) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
    }
}
