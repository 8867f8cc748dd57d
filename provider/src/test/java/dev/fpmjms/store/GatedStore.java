package dev.fpmjms.store;

import dev.fpmjms.envelope.FpmEnvelope;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link MessageStore} for tests whose "force" a test can hold back: while
 * {@link #hold()} is in effect, adds are accepted (with their ids, as the journal gives them) but
 * complete only at {@link #release()}, in the order they were made, as journal writes whose force
 * has not returned; a removal of a held add takes effect after it, as in the journal. {@link #failNext} makes
 * the next adds fail as a broken disk would.
 */
public final class GatedStore implements MessageStore {
    private final Map<Long, StoredMessage> durable = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger failNext = new AtomicInteger();
    /** Adds handed to the store (durable or not). */
    public final AtomicInteger adds = new AtomicInteger();
    private boolean holding;
    private volatile boolean idsOnlyWhenDurable;
    private final List<Runnable> held = new ArrayList<>();
    /** Ids of held adds, and those of them removed before they were durable. */
    private final Set<Long> pending = new HashSet<>();
    private final Set<Long> removedEarly = new HashSet<>();

    /** Adds from now on wait for {@link #release()}. */
    public synchronized void hold() {
        holding = true;
    }

    /** Completes the held adds, in the order they were made, and stops holding. */
    public void release() {
        List<Runnable> due;
        synchronized (this) {
            holding = false;
            due = new ArrayList<>(held);
            held.clear();
        }
        due.forEach(Runnable::run);
    }

    public void failNext(int n) {
        failNext.set(n);
    }

    /** Whether a message with this JMSMessageID is durable in the store. */
    public boolean isDurable(String messageId) {
        return durable.values().stream().anyMatch(m -> messageId.equals(m.envelope().messageId()));
    }

    public int durableCount() {
        return durable.size();
    }

    /** How many messages are durable under a queue key. */
    public long durableCount(String queueKey) {
        return durable.values().stream().filter(m -> m.queueKey().equals(queueKey)).count();
    }

    @Override
    public List<StoredMessage> recover() {
        return List.of();
    }

    @Override
    public CompletableFuture<long[]> addAllAsync(String queueKey, List<FpmEnvelope> envelopes) {
        return add(queueKey, envelopes).durable();
    }

    /**
     * As a store that gives ids only with the write ({@link MessageStore}'s default): deferred
     * adds are then not made visible before they are durable.
     */
    public void giveIdsOnlyWhenDurable() {
        idsOnlyWhenDurable = true;
    }

    /**
     * As the journal: ids at once (unless {@link #giveIdsOnlyWhenDurable}); a removal made before
     * the add is durable takes effect after it.
     */
    @Override
    public DeferredAdd addAllDeferred(String queueKey, List<FpmEnvelope> envelopes) {
        DeferredAdd add = add(queueKey, envelopes);
        return idsOnlyWhenDurable ? new DeferredAdd(null, add.durable()) : add;
    }

    private DeferredAdd add(String queueKey, List<FpmEnvelope> envelopes) {
        long first = nextId.getAndAdd(envelopes.size());
        long[] ids = new long[envelopes.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = first + i;
        }
        adds.addAndGet(envelopes.size());
        boolean fail = failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        CompletableFuture<long[]> f = new CompletableFuture<>();
        Runnable complete = () -> {
            if (fail) {
                f.completeExceptionally(new StoreException("the disk is on fire (test)"));
                return;
            }
            synchronized (this) {
                for (int i = 0; i < ids.length; i++) {
                    pending.remove(ids[i]);
                    if (!removedEarly.remove(ids[i])) {
                        durable.put(ids[i], new StoredMessage(ids[i], queueKey, envelopes.get(i)));
                    }
                }
            }
            f.complete(ids);
        };
        synchronized (this) {
            if (holding) {
                for (long id : ids) {
                    pending.add(id);
                }
                held.add(complete);
                return new DeferredAdd(ids, f);
            }
        }
        complete.run();
        return new DeferredAdd(ids, f);
    }

    @Override
    public long[] addAll(String queueKey, List<FpmEnvelope> envelopes) throws InterruptedException {
        try {
            return addAllAsync(queueKey, envelopes).get();
        } catch (ExecutionException e) {
            throw (StoreException) e.getCause();
        }
    }

    @Override
    public void remove(long id) {
        synchronized (this) {
            if (pending.contains(id)) {
                removedEarly.add(id);
                return;
            }
        }
        durable.remove(id);
    }

    @Override
    public void updateDeliveryCount(long id, int deliveryCount) {
    }

    @Override
    public void close() {
    }
}
