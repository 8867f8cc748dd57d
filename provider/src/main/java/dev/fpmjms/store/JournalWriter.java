package dev.fpmjms.store;

import dev.fpmjms.config.FsyncPolicy;
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
 * ({@link SegmentLog#prepareStep()}), one bounded step at a time; when it is never idle, it does a
 * step between two batches once the prepared space runs low.
 *
 * <p>Removals and delivery-count updates go into the batch without waiting. Within a batch, ADDs
 * are written before UPDATEs and REMOVEs, so a removal never precedes its add.
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

    /** Records handed to the writer together, and their completion. */
    static final class Batch {
        private ByteSink[] adds = new ByteSink[8];
        private long[] addIds = new long[8];
        private int addCount;
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
         * Whether the first record came while the writer was busy with the batch before (noted
         * only with a group commit delay).
         */
        private boolean startedBusy;
        /** When the first record came ({@link System#nanoTime}; noted only with a group commit delay). */
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
         * Whether the group commit delay may hold this batch back: it has adds, nobody blocks on
         * it, it began while the journal was busy (so more records are likely to come) and it is
         * not large yet.
         */
        private boolean mayWaitForMore() {
            return addCount > 0 && !waitedOn && startedBusy && addCount < DELAYED_BATCH_MAX_RECORDS
                    && addBytes < DELAYED_BATCH_MAX_BYTES;
        }

        private void call(long[] ids, CompletableFuture<long[]> future) {
            if (calls == null) {
                calls = new java.util.ArrayList<>();
            }
            calls.add(new Object[]{ids, future});
        }

        /** Completes the batch: first each non-waiting caller's future, in submission order. */
        @SuppressWarnings("unchecked")
        private void complete() {
            if (calls != null) {
                for (Object[] c : calls) {
                    ((CompletableFuture<long[]>) c[1]).complete((long[]) c[0]);
                }
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
     * Queues ADD records; {@code future}, if given, is completed with {@code ids} when they are
     * written (and forced, per policy), on the writer thread and, among the futures of one batch,
     * in submission order, so futures of one caller complete in the order of its calls.
     */
    Batch submitAdds(long[] ids, ByteSink[] records, CompletableFuture<long[]> future) {
        lock.lock();
        try {
            ensureUsable();
            boolean wasHeldBack = open.mayWaitForMore();
            boolean wasEmpty = openBatchTakesARecord();
            for (int i = 0; i < ids.length; i++) {
                open.add(ids[i], records[i]);
            }
            if (future != null) {
                open.call(ids, future);
            } else {
                open.waitedOn = true;
            }
            if (wasEmpty || (wasHeldBack && !open.mayWaitForMore())) {
                work.signal();
            }
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Queues a removal; ignored when the journal is closed or failed. */
    void submitRemove(long id) {
        lock.lock();
        try {
            if (closing || failure != null) {
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

    /** Queues a delivery-count update; ignored when the journal is closed or failed. */
    void submitUpdate(long id, int count) {
        lock.lock();
        try {
            if (closing || failure != null) {
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
     * Before a record goes into the open batch: if it is the first, notes when it came and whether
     * the writer was busy then (for the group commit delay). Lock held.
     *
     * @return whether the open batch was empty (the writer may need a signal)
     */
    private boolean openBatchTakesARecord() {
        if (!open.isEmpty()) {
            return false;
        }
        if (groupCommitDelayNanos > 0) {
            open.firstNanos = System.nanoTime();
            open.startedBusy = writing;
        }
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
            while (open.isEmpty() && !closing) {
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
                long wait = nanosUntilForce();
                if (wait <= 0) {
                    break;
                }
                try {
                    if (wait == Long.MAX_VALUE) {
                        work.await();
                    } else {
                        work.awaitNanos(wait);
                    }
                } catch (InterruptedException e) {
                    // Nobody should interrupt the writer; an interrupt would close the FileChannel.
                    Thread.interrupted();
                }
            }
            if (open.isEmpty() && closing) {
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
     * The group commit delay ({@link FsyncPolicy#groupCommitDelay()}): while the open batch may
     * wait for more records, waits until the delay after its first record has passed. A caller
     * that blocks, a batch grown large, or closing ends the wait early (they signal). Lock held.
     */
    private void holdBackForGroupCommit() {
        while (groupCommitDelayNanos > 0 && !closing && open.mayWaitForMore()) {
            long left = open.firstNanos + groupCommitDelayNanos - System.nanoTime();
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
