package dev.fpmjms.transport;

import dev.fpmjms.fastcgi.FcgiReplyMemory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte budget for the reply buffers of FastCGI exchanges: each exchange reserves from it before
 * its buffers grow and gives everything back when its reply is handed over or dropped (see
 * {@link dev.fpmjms.fastcgi.FcgiResponseAssembler}). A budget may have a parent: a reservation
 * must then fit both, so one budget per route under one for the process bounds a route and the
 * process together. An exchange that cannot reserve fails with
 * {@link FcgiTransportException.Failure#NO_REPLY_MEMORY}; the others and the client go on.
 *
 * <p>Thread-safe, lock-free, never blocks.
 */
public final class FcgiReplyBudget implements FcgiReplyMemory {

    private static final long MIB = 1024 * 1024;
    private static final FcgiReplyBudget PROCESS = new FcgiReplyBudget("the process's reply memory",
            Runtime.getRuntime().maxMemory() / 2, null);

    private final String name;
    private final long limit;
    private final FcgiReplyBudget parent;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /**
     * @param name   names the budget in error messages, e.g. "route 'mail' reply memory"
     * @param limit  the most bytes reserved at once, at least 1
     * @param parent a budget every reservation must also fit, or {@code null}
     */
    public FcgiReplyBudget(String name, long limit, FcgiReplyBudget parent) {
        if (limit < 1) {
            throw new IllegalArgumentException("reply memory budget '" + name + "' must be at least 1 byte, was " + limit);
        }
        this.name = name;
        this.limit = limit;
        this.parent = parent;
    }

    /**
     * The one budget of this JVM for every FastCGI reply being read: half of the maximum heap
     * ({@code -Xmx}). Route budgets hang under it.
     */
    public static FcgiReplyBudget forProcess() {
        return PROCESS;
    }

    /**
     * The budget of one route: what its {@code maxInFlight} replies of {@code maxReplyBytes} could
     * hold at once, but no more than a quarter of the maximum heap; under {@link #forProcess()}.
     */
    public static FcgiReplyBudget forRoute(String route, int maxInFlight, int maxReplyBytes) {
        long all = (long) maxInFlight * Math.max(maxReplyBytes, 1);
        long quarterHeap = Math.max(Runtime.getRuntime().maxMemory() / 4, MIB);
        return new FcgiReplyBudget("route '" + route + "' reply memory", Math.min(all, quarterHeap), PROCESS);
    }

    @Override
    public boolean tryReserve(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        long now;
        do {
            now = used.get();
            if (bytes > limit - now) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        if (parent != null && !parent.tryReserve(bytes)) {
            used.addAndGet(-bytes);
            return false;
        }
        peak.accumulateAndGet(now + bytes, Math::max);
        return true;
    }

    @Override
    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        used.addAndGet(-bytes);
        if (parent != null) {
            parent.release(bytes);
        }
    }

    /** Bytes reserved right now. */
    public long used() {
        return used.get();
    }

    /** The most bytes reserved at once so far. */
    public long peak() {
        return peak.get();
    }

    /** The limit. */
    public long limit() {
        return limit;
    }

    /** For error messages: the name, the limit and what is in use; a parent that is the tighter one is named too. */
    @Override
    public String toString() {
        String own = name + " of " + limit + " bytes (" + used.get() + " in use)";
        return parent == null ? own : own + " within " + parent;
    }
}
