package dev.fpmjms.store;

import dev.fpmjms.config.FsyncPolicy;
import dev.fpmjms.threads.Wakeups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The journal's single writer thread and its group commit. Callers put records into the open
 * {@link Batch}; the writer swaps it for an empty one, writes all its records with as few
 * {@code write} calls as the staging buffer allows, forces once (per the fsync policy) and then
 * completes the batch, releasing every caller that waits on it. While it writes and forces, the
 * next batch fills up, so the more producers wait, the more records share one force.
 *
 * <p>Callers that do not wait ({@link JournalStore#addAllAsync}) get a future each, completed on
 * the writer thread after the force, in submission order; what depends on them (the engine puts
 * the message on its queue) runs there, before the next batch is written, so it must be quick.
 *
 * <p>Group commit delay ({@link FsyncPolicy#groupCommitDelay()}, 0 by default): a batch that
 * nobody blocks on, whose first record came while the writer was busy with the batch before, is
 * held back until that delay after its first record, so that more records share its force; a
 * blocking caller, a batch grown to {@value #DELAYED_BATCH_MAX_RECORDS} adds or
 * {@value #DELAYED_BATCH_MAX_BYTES} bytes, or closing ends the wait. A record that finds the
 * writer idle is written at once, so the delay costs nothing when the journal is quiet.
 *
 * <p>When it has nothing to write, the writer prepares segment space ahead of use
 * ({@link SegmentLog#prepareStep()}, {@link SegmentPreparation}), one bounded step at a time;
 * when it is never idle, it does a step between two batches once the prepared space runs low.
 *
 * <p>Deferred records need no prompt write: removals, delivery-count updates and deferred adds
 * ({@link JournalStore#addAllDeferred}, the engine's replies, which are visible before they are
 * durable). They wait in the open batch until a record that is waited for (an add by
 * {@link #submitAdds}) takes them along, or at the latest {@value #DEFERRED_WRITE_MILLIS} ms after
 * the first of them came; a deferred add is forced with that batch. Under load they thus share
 * the writes and forces that adds make anyway, instead of waking the writer and forcing on their
 * own. Within a batch, ADDs are written before UPDATEs and REMOVEs, so a removal never precedes
 * its add.
 *
 * <p>An I/O error fails the journal for good: the batch in progress and every later add fail with
 * a {@link StoreException} naming the cause; the engine must be restarted (recovery then repairs
 * the tail).
 */
final class JournalWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    /** A batch held back by the group commit delay is written at once when it reaches this many adds. */
    static final int DELAYED_BATCH_MAX_RECORDS = 1024;
    /** ... or this many bytes of adds. */
    static final long DELAYED_BATCH_MAX_BYTES = 256 * 1024;
    /** The longest deferred records (removals, updates, deferred adds) wait for an add to take them along. */
    static final long DEFERRED_WRITE_MILLIS = 5;
    private static final long DEFERRED_WRITE_NANOS = DEFERRED_WRITE_MILLIS * 1_000_000;

    /** Records handed to the writer together, and their completion. */
    static final class Batch {
        private ByteSink[] adds = new ByteSink[8];
        private long[] addIds = new long[8];
        private int addCount;
        /** Adds that callers wait for ({@link #submitAdds}); the others are deferred adds. */
        private int promptAddCount;
        private long[] removes = new long[8];
        private int removeCount;
        private long[] updateIds = new long[4];
        private int[] updateCounts = new int[4];
        private int updateCount;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Callers that do not wait ({@link JournalStore#addAllAsync}): completed in submission order. */
        private java.util.ArrayList<Object[]> calls;
        private long addBytes;
        /** Whether a caller blocks on this batch ({@link #await}): it is then written without delay. */
        private boolean waitedOn;
        /**
         * Whether the first prompt add came while the writer was busy with the batch before
         * (noted only with a group commit delay).
         */
        private boolean startedBusy;
        /** When the first prompt add came ({@link System#nanoTime}; noted only with a group commit delay). */
        private long firstPromptNanos;
        /** When the first record of any kind came ({@link System#nanoTime}): deferred records wait from then. */
        private long firstNanos;

        boolean isEmpty() {
            return addCount == 0 && removeCount == 0 && updateCount == 0;
        }

        private void add(long id, ByteSink record) {
            if (addCount == adds.length) {
                adds = Arrays.copyOf(adds, addCount * 2);
                addIds = Arrays.copyOf(addIds, addCount * 2);
            }
            adds[addCount] = record;
            addIds[addCount++] = id;
            addBytes += record.size();
        }

        /**
         * Whether the group commit delay may hold this batch back: it has prompt adds, nobody
         * blocks on it, it began while the journal was busy (so more records are likely to come)
         * and it is not large yet.
         */
        private boolean mayWaitForMore() {
            return promptAddCount > 0 && !waitedOn && startedBusy && addCount < DELAYED_BATCH_MAX_RECORDS
                    && addBytes < DELAYED_BATCH_MAX_BYTES;
        }

        private void call(long[] ids, CompletableFuture<long[]> future) {
            if (calls == null) {
                calls = new java.util.ArrayList<>();
            }
            calls.add(new Object[]{ids, future});
        }

        /**
         * Completes the batch: first each non-waiting caller's future, in submission order. The
         * threads that what depends on them wakes are woken once each, at the end ({@link Wakeups}).
         */
        @SuppressWarnings("unchecked")
        private void complete() {
            if (calls != null) {
                Wakeups.coalescing(() -> {
                    for (Object[] c : calls) {
                        ((CompletableFuture<long[]>) c[1]).complete((long[]) c[0]);
                    }
                });
            }
            done.complete(null);
        }

        @SuppressWarnings("unchecked")
        private void fail(StoreException f) {
            if (calls != null) {
                for (Object[] c : calls) {
                    ((CompletableFuture<long[]>) c[1]).completeExceptionally(f);
                }
            }
            done.completeExceptionally(f);
        }

        private void remove(long id) {
            if (removeCount == removes.length) {
                removes = Arrays.copyOf(removes, removeCount * 2);
            }
            removes[removeCount++] = id;
        }

        private void update(long id, int count) {
            if (updateCount == updateIds.length) {
                updateIds = Arrays.copyOf(updateIds, updateCount * 2);
                updateCounts = Arrays.copyOf(updateCounts, updateCount * 2);
            }
            updateIds[updateCount] = id;
            updateCounts[updateCount++] = count;
        }

        /**
         * Waits until the batch is written (and forced, per policy).
         *
         * @throws StoreException the write failed
         */
        void await() throws InterruptedException {
            try {
                done.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof StoreException ? new StoreException(cause.getMessage(), cause)
                        : new StoreException("journal write failed: " + cause, cause);
            }
        }
    }

    private final SegmentLog log;
    private final FsyncPolicy policy;
    /** {@link FsyncPolicy#groupCommitDelay()} in nanoseconds; 0 when batches are never held back. */
    private final long groupCommitDelayNanos;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Thread thread;
    private Batch open = new Batch();
    private Batch inProgress;
    /** Whether the writer is writing or forcing a batch (guarded by {@link #lock}). */
    private boolean writing;
    private boolean closing;
    /** Whether the writer has written its last batch (closing): later removals are ignored. */
    private boolean finished;
    private StoreException failure;
    private long lastForceNanos = System.nanoTime();
    // Written by the writer thread only; read by tests and monitoring.
    private volatile long addsWritten;
    private volatile long forces;

    JournalWriter(SegmentLog log, FsyncPolicy policy, String name) {
        this.log = log;
        this.policy = policy;
        this.groupCommitDelayNanos = policy.groupCommitDelay().toNanos();
        this.name = name;
        this.thread = new Thread(this, "fpm-jms-journal-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** ADD records written so far. */
    long addsWritten() {
        return addsWritten;
    }

    /** Forces done so far for ADD batches (group commits) and timed forces. */
    long forces() {
        return forces;
    }

    /** Queues ADD records and returns the batch to wait on. */
    Batch submitAdds(long[] ids, ByteSink[] records) {
        return submitAdds(ids, records, null);
    }

    /**
     * Queues deferred ADD records: written and forced with the next prompt batch, or
     * {@value #DEFERRED_WRITE_MILLIS} ms after the open batch's first record at the latest;
     * {@code future} is then completed with {@code ids}, in submission order with the batch's
     * other futures.
     */
    void submitDeferredAdds(long[] ids, ByteSink[] records, CompletableFuture<long[]> future) {
        lock.lock();
        try {
            ensureUsable();
            boolean wasEmpty = openBatchTakesARecord();
            for (int i = 0; i < ids.length; i++) {
                open.add(ids[i], records[i]);
            }
            open.call(ids, future);
            if (wasEmpty) {
                work.signal(); // the writer may wait without a time limit: it is to wait for the deadline now
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues ADD records; {@code future}, if given, is completed with {@code ids} when they are
     * written (and forced, per policy), on the writer thread and, among the futures of one batch,
     * in submission order, so futures of one caller complete in the order of its calls.
     */
    Batch submitAdds(long[] ids, ByteSink[] records, CompletableFuture<long[]> future) {
        lock.lock();
        try {
            ensureUsable();
            boolean wasHeldBack = open.mayWaitForMore();
            openBatchTakesARecord();
            boolean firstPrompt = open.promptAddCount == 0;
            if (firstPrompt && groupCommitDelayNanos > 0) {
                open.firstPromptNanos = System.nanoTime();
                open.startedBusy = writing;
            }
            for (int i = 0; i < ids.length; i++) {
                open.add(ids[i], records[i]);
            }
            open.promptAddCount += ids.length;
            if (future != null) {
                open.call(ids, future);
            } else {
                open.waitedOn = true;
            }
            if (firstPrompt || (wasHeldBack && !open.mayWaitForMore())) {
                work.signal();
            }
            return open;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a removal; ignored when the journal has failed or its writer has finished. While the
     * journal closes, removals are still written with its last batches (those that completing the
     * last adds brings, say: a request removed once its reply is durable).
     */
    void submitRemove(long id) {
        lock.lock();
        try {
            if (finished || failure != null) {
                return;
            }
            boolean wasEmpty = openBatchTakesARecord();
            open.remove(id);
            if (wasEmpty) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues a delivery-count update; ignored as {@link #submitRemove} is. */
    void submitUpdate(long id, int count) {
        lock.lock();
        try {
            if (finished || failure != null) {
                return;
            }
            boolean wasEmpty = openBatchTakesARecord();
            open.update(id, count);
            if (wasEmpty) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Before a record goes into the open batch: if it is the first, notes when it came (deferred
     * records wait from then). Lock held.
     *
     * @return whether the open batch was empty (the writer may need a signal)
     */
    private boolean openBatchTakesARecord() {
        if (!open.isEmpty()) {
            return false;
        }
        open.firstNanos = System.nanoTime();
        return true;
    }

    private void ensureUsable() {
        if (failure != null) {
            throw new StoreException(failure.getMessage(), failure);
        }
        if (closing) {
            throw new StoreException("journal '" + name + "' is closed");
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                Batch batch = nextBatch();
                if (batch == null) {
                    break;
                }
                write(batch);
            }
            log.close();
        } catch (IOException | RuntimeException | Error e) {
            fail(e);
        }
    }

    /** The next batch to write (possibly empty, when only a timed force is due), or null to stop. */
    private Batch nextBatch() {
        lock.lock();
        try {
            writing = false;
            while (!closing) {
                long wait;
                if (!open.isEmpty()) {
                    wait = nanosUntilDeferredWrite();
                    if (wait <= 0) {
                        break;
                    }
                    wait = Math.min(wait, nanosUntilForce());
                    if (wait <= 0) {
                        break;
                    }
                    awaitWork(wait);
                    continue;
                }
                if (log.wantsPreparation()) {
                    // Idle: zero-fill ahead of the records or create the next segment, one
                    // bounded step at a time, so that records arriving meanwhile wait little.
                    lock.unlock();
                    try {
                        log.prepareStep();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                wait = nanosUntilForce();
                if (wait <= 0) {
                    break;
                }
                awaitWork(wait);
            }
            if (open.isEmpty() && closing) {
                finished = true;
                return null;
            }
            holdBackForGroupCommit();
            inProgress = open;
            open = new Batch();
            writing = true;
            return inProgress;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long the open (non-empty) batch may still wait: 0 when it holds a prompt add, else until
     * {@value #DEFERRED_WRITE_MILLIS} ms after its first record. Lock held.
     */
    private long nanosUntilDeferredWrite() {
        if (open.promptAddCount > 0) {
            return 0;
        }
        return open.firstNanos + DEFERRED_WRITE_NANOS - System.nanoTime();
    }

    /** Waits for a signal, at most {@code nanos} ({@link Long#MAX_VALUE}: no limit). Lock held. */
    private void awaitWork(long nanos) {
        try {
            if (nanos == Long.MAX_VALUE) {
                work.await();
            } else {
                work.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            // Nobody should interrupt the writer; an interrupt would close the FileChannel.
            Thread.interrupted();
        }
    }

    /**
     * The group commit delay ({@link FsyncPolicy#groupCommitDelay()}): while the open batch may
     * wait for more records, waits until the delay after its first record has passed. A caller
     * that blocks, a batch grown large, or closing ends the wait early (they signal). Lock held.
     */
    private void holdBackForGroupCommit() {
        while (groupCommitDelayNanos > 0 && !closing && open.mayWaitForMore()) {
            long left = open.firstPromptNanos + groupCommitDelayNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                work.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.interrupted(); // as in nextBatch: nobody should interrupt the writer
            }
        }
    }

    private long nanosUntilForce() {
        if (policy.mode() != FsyncPolicy.Mode.BATCH_MS || !log.hasUnforcedWrites()) {
            return Long.MAX_VALUE;
        }
        return lastForceNanos + policy.interval().toNanos() - System.nanoTime();
    }

    private void write(Batch b) throws IOException {
        for (int i = 0; i < b.addCount; i++) {
            log.add(b.addIds[i], b.adds[i].array(), b.adds[i].size());
            b.adds[i] = null;
        }
        for (int i = 0; i < b.updateCount; i++) {
            log.update(b.updateIds[i], b.updateCounts[i]);
        }
        for (int i = 0; i < b.removeCount; i++) {
            log.remove(b.removes[i]);
        }
        log.flush();
        addsWritten += b.addCount;
        switch (policy.mode()) {
            case ALWAYS:
                if (b.addCount > 0) {
                    log.force();
                    forces++;
                }
                b.complete();
                break;
            case BATCH_MS:
                b.complete();
                if (log.hasUnforcedWrites() && nanosUntilForce() <= 0) {
                    log.force();
                    forces++;
                    lastForceNanos = System.nanoTime();
                }
                break;
            default:
                b.complete();
        }
        log.reclaim();
        if (log.needsPreparation()) {
            // Busy, and the preallocated space is running out: one step now, between batches.
            log.prepareStep();
        }
    }

    private void fail(Throwable e) {
        StoreException f = new StoreException("journal '" + name + "' failed; persistent sends fail until the engine "
                + "is restarted: " + e, e);
        LOG.error("journal '{}' failed", name, e);
        Batch pending;
        Batch current;
        lock.lock();
        try {
            failure = f;
            pending = open;
            current = inProgress;
            open = new Batch();
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.fail(f);
        }
        pending.fail(f);
        log.abandon();
    }

    /** Writes what is pending, forces, closes the files; waits up to 10 s for the writer. */
    void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                LOG.warn("journal '{}': writer did not finish within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
