package dev.fpmjms.broker;

import dev.fpmjms.engine.FpmEnvelope;
import dev.fpmjms.store.StoreException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A persistent message on its way into a queue without its producer waiting for the store
 * ({@link FpmEngine#startSend}): its room in the queue is reserved and its record handed to the
 * store's group commit. {@link #complete()} waits until the record is durable, then makes the
 * message visible; until then no consumer can receive it. Calling {@link #complete()} on the
 * pending sends of one producer in the order they were started keeps their order in the queue.
 *
 * <p>Thread-safe; {@link #complete()} or {@link #abandon()} is called once, by one thread.
 */
public final class PendingSend {
    private final LocalQueue queue;
    private final FpmEnvelope envelope;
    private final long bytes;
    private final CompletableFuture<long[]> stored;
    private final AtomicBoolean settled = new AtomicBoolean();

    PendingSend(LocalQueue queue, FpmEnvelope envelope, long bytes, CompletableFuture<long[]> stored) {
        this.queue = queue;
        this.envelope = envelope;
        this.bytes = bytes;
        this.stored = stored;
    }

    public FpmEnvelope envelope() {
        return envelope;
    }

    /** Whether the store has finished with the record (durable, or failed): {@link #complete()} will not wait. */
    public boolean isStored() {
        return stored.isDone();
    }

    /**
     * Waits until the message is durable in the store, then puts it on its queue.
     *
     * @throws StoreException        the store could not write it; it is not added (room given back)
     * @throws IllegalStateException the queue was deleted meanwhile; it is not added and is removed
     *                               from the store
     * @throws InterruptedException  interrupted while waiting; the send is given up as by
     *                               {@link #abandon()} (a crash before the removal is written may
     *                               still bring the message back, as at-least-once allows)
     */
    public void complete() throws InterruptedException {
        if (!settled.compareAndSet(false, true)) {
            throw new IllegalStateException("pending send of " + envelope.messageId() + " already settled");
        }
        long[] ids;
        try {
            ids = stored.get();
        } catch (InterruptedException e) {
            giveUp();
            throw e;
        } catch (ExecutionException e) {
            queue.giveBack(1, bytes);
            Throwable cause = e.getCause();
            throw cause instanceof StoreException s ? new StoreException(s.getMessage(), s)
                    : new StoreException("journal write failed: " + cause, cause);
        }
        queue.publishStored(List.of(envelope), ids, 1, bytes);
    }

    /**
     * As {@link #complete()} without a waiting thread: once the store is done, makes the message
     * visible (or gives it up) on {@code executor}, then tells {@code then} the outcome:
     * {@code null} when the message is on its queue, else the failure ({@link StoreException},
     * or {@link IllegalStateException} for a deleted queue). When the executor refuses the task
     * (it is shutting down), it runs on the thread that completed the store write.
     */
    public void completeAsync(Executor executor, Consumer<RuntimeException> then) {
        if (!settled.compareAndSet(false, true)) {
            throw new IllegalStateException("pending send of " + envelope.messageId() + " already settled");
        }
        stored.whenComplete((ids, error) -> {
            Runnable finish = () -> then.accept(publish(ids, error));
            try {
                executor.execute(finish);
            } catch (RejectedExecutionException e) {
                finish.run();
            }
        });
    }

    private RuntimeException publish(long[] ids, Throwable error) {
        if (error != null) {
            queue.giveBack(1, bytes);
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            return new StoreException("journal write failed: " + cause, cause);
        }
        try {
            queue.publishStored(List.of(envelope), ids, 1, bytes);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Gives the send up without making it visible: the reserved room is freed at once and the
     * record removed from the store as soon as it is written. Ignored after {@link #complete()}.
     */
    public void abandon() {
        if (settled.compareAndSet(false, true)) {
            giveUp();
        }
    }

    private void giveUp() {
        queue.giveBack(1, bytes);
        stored.thenAccept(ids -> {
            for (long id : ids) {
                queue.removeStored(id);
            }
        });
    }

    @Override
    public String toString() {
        return "PendingSend[" + envelope.messageId() + " to " + queue.destination() + (stored.isDone() ? ", stored" : "") + "]";
    }
}
