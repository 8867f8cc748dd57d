package dev.fpmjms.health;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** {@link RouteHealthMXBean} over a check; the last result is reused for a second. Thread-safe. */
final class RouteHealthBean implements RouteHealthMXBean {

    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final Supplier<RouteHealth> check;
    private RouteHealth last;
    private long lastNanos;

    RouteHealthBean(Supplier<RouteHealth> check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    private synchronized RouteHealth current(boolean fresh) {
        long now = System.nanoTime();
        if (fresh || last == null || now - lastNanos > MAX_AGE_NANOS) {
            last = check.get();
            lastNanos = System.nanoTime();
        }
        return last;
    }

    @Override
    public boolean isUp() {
        return current(false).up();
    }

    @Override
    public String[] getEndpoints() {
        return lines(current(false));
    }

    @Override
    public String[] check() {
        return lines(current(true));
    }

    private static String[] lines(RouteHealth h) {
        return h.endpoints().stream()
                .map(e -> e.endpoint() + (e.reachable() ? " reachable" : " unreachable")
                        + (e.failure() == null ? "" : ": " + e.failure()))
                .toArray(String[]::new);
    }

    @Override
    public int getActiveProcesses() {
        return (int) sum(PoolStatus::activeProcesses);
    }

    @Override
    public int getIdleProcesses() {
        return (int) sum(PoolStatus::idleProcesses);
    }

    @Override
    public int getTotalProcesses() {
        return (int) sum(PoolStatus::totalProcesses);
    }

    @Override
    public int getListenQueue() {
        return (int) sum(PoolStatus::listenQueue);
    }

    @Override
    public long getMaxChildrenReached() {
        return sum(PoolStatus::maxChildrenReached);
    }

    private long sum(ToLongFunction<PoolStatus> field) {
        long total = -1;
        for (EndpointHealth e : current(false).endpoints()) {
            if (e.status() != null) {
                total = Math.max(total, 0) + field.applyAsLong(e.status());
            }
        }
        return total;
    }
}
