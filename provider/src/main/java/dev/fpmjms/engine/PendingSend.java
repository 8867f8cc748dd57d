package dev.fpmjms.engine;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.store.MessageStore;
import dev.fpmjms.store.StoreException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A persistent message on its way into a queue without its producer waiting for the store
 * ({@link FpmEngine#startSend}, and the engine's own replies): its room in the queue is reserved
 * and its record handed to the store's group commit. As soon as the store reports the record
 * durable, the message is put on its queue, on the thread that completed the write (the journal's
 * writer), so that it can be dispatched without waiting for another thread; until then no consumer
 * can receive it. The store completes one producer's writes in the order they were made, so its
 * messages reach the queue in that order.
 *
 * <p>{@link #complete()} waits for that outcome (the session's send thread, before it calls the
 * CompletionListener); {@link #whenPublished} is told of it without a waiting thread.
 *
 * <p>The engine's replies go the other way round ({@link #visibleAtOnce}): visible at once, durable
 * a little later; the outcome is then the write's.
 *
 * <p>Thread-safe.
 */
public final class PendingSend {
    private static final int WAITING = 0;
    private static final int ABANDONED = 1;
    private static final int SETTLED = 2;

    private final LocalQueue queue;
    private final FpmEnvelope envelope;
    private final long bytes;
    private final AtomicInteger state;
    /** Completes when the message is on its queue and durable; exceptionally with why it is not. */
    private final CompletableFuture<Void> published = new CompletableFuture<>();
    private final boolean visibleBeforeDurable;

    /** A message that becomes visible when {@code stored} completes. */
    PendingSend(LocalQueue queue, FpmEnvelope envelope, long bytes, CompletableFuture<long[]> stored) {
        this(queue, envelope, bytes, false);
        stored.whenComplete(this::stored);
    }

    private PendingSend(LocalQueue queue, FpmEnvelope envelope, long bytes, boolean visibleBeforeDurable) {
        this.queue = queue;
        this.envelope = envelope;
        this.bytes = bytes;
        this.state = new AtomicInteger(visibleBeforeDurable ? SETTLED : WAITING);
        this.visibleBeforeDurable = visibleBeforeDurable;
    }

    /**
     * A message handed to the store with {@link MessageStore#addAllDeferred}, whose room in
     * {@code queue} is reserved: put on the queue at once when the store gave its id, so a consumer
     * may receive it before it is durable; {@link #whenPublished} is told when it is durable (or
     * that the write failed, while the message stays visible: {@link #wasVisibleBeforeDurable()}).
     * A store that gives ids only with the write makes this an ordinary pending send.
     *
     * @throws IllegalStateException the queue was deleted; the room is given back and the record
     *                               removed from the store
     */
    static PendingSend visibleAtOnce(LocalQueue queue, FpmEnvelope envelope, long bytes, MessageStore.DeferredAdd add) {
        if (add.ids() == null) {
            return new PendingSend(queue, envelope, bytes, add.durable());
        }
        queue.publishStored(List.of(envelope), new long[]{bytes}, add.ids());
        PendingSend visible = new PendingSend(queue, envelope, bytes, true);
        add.durable().whenComplete(visible::durable);
        return visible;
    }

    /** The store is done with the record of a message that is visible already. */
    private void durable(long[] ids, Throwable error) {
        if (error == null) {
            published.complete(null);
        } else {
            published.completeExceptionally(storeFailure(error));
        }
    }

    /**
     * Whether the message was put on its queue before it was durable ({@link #visibleAtOnce}): a
     * consumer may have it even when the write fails.
     */
    public boolean wasVisibleBeforeDurable() {
        return visibleBeforeDurable;
    }

    public FpmEnvelope envelope() {
        return envelope;
    }

    /** Whether the outcome is known: the message is on its queue, or it failed. */
    public boolean isDone() {
        return published.isDone();
    }

    /** The store is done with the record: put the message on its queue, unless it was given up. */
    private void stored(long[] ids, Throwable error) {
        if (!state.compareAndSet(WAITING, SETTLED)) {
            // Given up: the room went back already; the record must not stay.
            if (ids != null) {
                for (long id : ids) {
                    queue.removeStored(id);
                }
            }
            return;
        }
        if (error != null) {
            queue.giveBack(1, bytes);
            published.completeExceptionally(storeFailure(error));
            return;
        }
        try {
            queue.publishStored(List.of(envelope), new long[]{bytes}, ids);
        } catch (RuntimeException e) {
            published.completeExceptionally(e);
            return;
        }
        published.complete(null);
    }

    /** The failure of a store write, as a {@link StoreException} of its own (with the store's as cause). */
    private static StoreException storeFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof StoreException s ? new StoreException(s.getMessage(), s)
                : new StoreException("journal write failed: " + cause, cause);
    }

    /**
     * Waits until the message is on its queue.
     *
     * @throws StoreException        the store could not write it; it is not added (room given back)
     * @throws IllegalStateException the queue was deleted meanwhile; it is not added and is removed
     *                               from the store
     * @throws InterruptedException  interrupted while the store was still writing: the send is
     *                               given up as by {@link #abandon()} (a crash before the removal is
     *                               written may still bring the message back, as at-least-once
     *                               allows). If the store had finished, the interrupt is kept for
     *                               later and the real outcome reported.
     */
    public void complete() throws InterruptedException {
        try {
            try {
                published.get();
            } catch (InterruptedException e) {
                if (abandon()) {
                    throw e;
                }
                Thread.currentThread().interrupt();
                published.join();
            }
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new StoreException("journal write failed: " + cause, cause);
        }
    }

    /**
     * Waits until the outcome is known (the message is on its queue, or it failed), whatever it
     * is: for a later send of the same producer that must not overtake this one.
     */
    public void awaitOutcome() throws InterruptedException {
        try {
            published.get();
        } catch (ExecutionException e) {
            // the outcome is known: a failure, which complete() reports
        }
    }

    /**
     * Tells {@code then} the outcome once known, without a waiting thread: {@code null} when the
     * message is on its queue, else the failure ({@link StoreException}, or
     * {@link IllegalStateException} for a deleted queue). Runs on the thread that published (the
     * store's writer), or at once when the outcome is known: it must be quick and must not block.
     */
    public void whenPublished(Consumer<RuntimeException> then) {
        published.whenComplete((ok, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            then.accept(cause == null ? null : cause instanceof RuntimeException r ? r
                    : new StoreException("journal write failed: " + cause, cause));
        });
    }

    /**
     * Gives the send up if the store has not finished with it: the reserved room is freed at once
     * and the record removed as soon as it is written; the message never becomes visible.
     *
     * @return {@code true} when given up; {@code false} when it was too late (the outcome is known
     *         or being made known)
     */
    public boolean abandon() {
        if (!state.compareAndSet(WAITING, ABANDONED)) {
            return false;
        }
        queue.giveBack(1, bytes);
        published.completeExceptionally(new IllegalStateException("send of " + envelope.messageId() + " given up"));
        return true;
    }

    @Override
    public String toString() {
        return "PendingSend[" + envelope.messageId() + " to " + queue.destination() + (published.isDone() ? ", done" : "") + "]";
    }
}
