package dev.fpmjms.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time spent by the JVM and by the php-fpm pool of the running scenario, so that a result can
 * say what one message cost each side: on a machine whose cores the load generator, the JVM and
 * the PHP workers share, CPU per message is steadier than the rate, and it shows where a
 * difference between two scenarios comes from.
 *
 * <p>The pools are those the open {@link EchoPool}s registered ({@link #watchPool}, one or two at
 * a time); their masters and children are read from {@code /proc/<pid>/stat} (user + system time). Linux only; elsewhere, or
 * when a figure cannot be read, it is -1. nginx's and wrk's CPU is not counted.
 */
final class CpuMeter {

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final long NANOS_PER_TICK = TimeUnit.SECONDS.toNanos(1) / clockTicksPerSecond();
    private static final Set<Long> POOL_PIDS = new CopyOnWriteArraySet<>();

    private CpuMeter() {
    }

    /** From now on {@link #phpNanos()} reads this php-fpm master and its children too. */
    static void watchPool(long masterPid) {
        POOL_PIDS.add(masterPid);
    }

    /** {@link #phpNanos()} no longer reads this php-fpm master. */
    static void unwatchPool(long masterPid) {
        POOL_PIDS.remove(masterPid);
    }

    /** CPU nanoseconds the JVM process used so far, or -1. */
    static long jvmNanos() {
        if (OS instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            return t < 0 ? -1 : t;
        }
        return -1;
    }

    /** CPU nanoseconds the watched pools' processes used so far, or -1 (none watched, one unreadable). */
    static long phpNanos() {
        if (POOL_PIDS.isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (long pid : POOL_PIDS) {
            long n = poolNanos(pid);
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    private static long poolNanos(long pid) {
        ProcessHandle master = ProcessHandle.of(pid).orElse(null);
        if (master == null) {
            return -1;
        }
        long ticks = ticks(pid);
        if (ticks < 0) {
            return -1;
        }
        try (Stream<ProcessHandle> children = master.descendants()) {
            for (ProcessHandle child : (Iterable<ProcessHandle>) children::iterator) {
                long t = ticks(child.pid());
                ticks += Math.max(0, t);
            }
        }
        return ticks * NANOS_PER_TICK;
    }

    /**
     * Context switches so far: {voluntary, involuntary} of the watched pools' children (the master
     * left out), then of the JVM's threads; a figure that cannot be read counts 0.
     */
    static long[] switches() {
        long[] s = new long[4];
        for (long pid : POOL_PIDS) {
            ProcessHandle master = ProcessHandle.of(pid).orElse(null);
            if (master == null) {
                continue;
            }
            try (Stream<ProcessHandle> children = master.descendants()) {
                for (ProcessHandle child : (Iterable<ProcessHandle>) children::iterator) {
                    addSwitches(Path.of("/proc", Long.toString(child.pid()), "status"), s, 0);
                }
            }
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                addSwitches(t.resolve("status"), s, 2);
            }
        } catch (IOException | RuntimeException e) {
            // left at what was read
        }
        return s;
    }

    private static void addSwitches(Path status, long[] into, int at) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    into[at] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    into[at + 1] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // a process or thread that ended meanwhile
        }
    }

    /** utime + stime of a process in clock ticks, -1 when unreadable. */
    static long ticks(long pid) {
        try {
            return parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields 14 and 15 of a {@code /proc/<pid>/stat} line; the command may hold spaces and ')'. */
    static long parseTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Microseconds per operation from two readings, -1 when either is unknown or nothing completed. */
    static long microsPerOp(long before, long after, long operations) {
        if (before < 0 || after < 0 || operations <= 0) {
            return -1;
        }
        return TimeUnit.NANOSECONDS.toMicros(after - before) / operations;
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                long v = Long.parseLong(out);
                if (v > 0) {
                    return v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the usual Linux value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
