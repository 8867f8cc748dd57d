package dev.fpmjms.store;

import dev.fpmjms.engine.FpmEnvelope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link MessageStore} for tests whose "force" a test can hold back: while
 * {@link #hold()} is in effect, adds are accepted but complete only at {@link #release()}, in the
 * order they were made, as journal writes whose force has not returned. {@link #failNext} makes
 * the next adds fail as a broken disk would.
 */
public final class GatedStore implements MessageStore {
    private final Map<Long, StoredMessage> durable = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger failNext = new AtomicInteger();
    /** Adds handed to the store (durable or not). */
    public final AtomicInteger adds = new AtomicInteger();
    private boolean holding;
    private final List<Runnable> held = new ArrayList<>();

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
            for (int i = 0; i < ids.length; i++) {
                durable.put(ids[i], new StoredMessage(ids[i], queueKey, envelopes.get(i)));
            }
            f.complete(ids);
        };
        synchronized (this) {
            if (holding) {
                held.add(complete);
                return f;
            }
        }
        complete.run();
        return f;
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
        durable.remove(id);
    }

    @Override
    public void updateDeliveryCount(long id, int deliveryCount) {
    }

    @Override
    public void close() {
    }
}
