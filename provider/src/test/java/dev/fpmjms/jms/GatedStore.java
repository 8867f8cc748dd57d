package dev.fpmjms.jms;

import dev.fpmjms.engine.FpmEnvelope;
import dev.fpmjms.store.MessageStore;
import dev.fpmjms.store.StoreException;
import dev.fpmjms.store.StoredMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link MessageStore} whose "force" a test can hold back: while {@link #hold()} is
 * in effect, adds are accepted but complete only at {@link #release()}, as a journal write whose
 * force has not returned. {@link #failNext} makes the next adds fail as a broken disk would.
 */
final class GatedStore implements MessageStore {
    private final Map<Long, StoredMessage> durable = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger failNext = new AtomicInteger();
    /** Adds handed to the store (durable or not). */
    final AtomicInteger adds = new AtomicInteger();
    private CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    /** Adds from now on wait for {@link #release()}. */
    synchronized void hold() {
        if (gate.isDone()) {
            gate = new CompletableFuture<>();
        }
    }

    /** Completes the held adds (in the order they were made, as far as the store is concerned). */
    void release() {
        CompletableFuture<Void> g;
        synchronized (this) {
            g = gate;
        }
        g.complete(null);
    }

    void failNext(int n) {
        failNext.set(n);
    }

    /** Whether a message with this JMSMessageID is durable in the store. */
    boolean isDurable(String messageId) {
        return durable.values().stream().anyMatch(m -> messageId.equals(m.envelope().messageId()));
    }

    int durableCount() {
        return durable.size();
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
        CompletableFuture<Void> g;
        synchronized (this) {
            g = gate;
        }
        return g.thenApply(v -> {
            if (fail) {
                throw new StoreException("the disk is on fire (test)");
            }
            for (int i = 0; i < ids.length; i++) {
                durable.put(ids[i], new StoredMessage(ids[i], queueKey, envelopes.get(i)));
            }
            return ids;
        });
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
