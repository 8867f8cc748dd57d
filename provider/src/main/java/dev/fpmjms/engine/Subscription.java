package dev.fpmjms.engine;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One reader of a {@link LocalQueue}: a JMS consumer, a browser's iterator or the dispatcher of a
 * worker queue. Thread-safe; {@link #close()} wakes a thread blocked in {@link #take}.
 */
public final class Subscription implements AutoCloseable {
    private final LocalQueue queue;
    private final Predicate<FpmEnvelope> selector;
    private final Runnable onAvailable;
    private volatile boolean open = true;

    Subscription(LocalQueue queue, Predicate<FpmEnvelope> selector, Runnable onAvailable) {
        this.queue = queue;
        this.selector = selector;
        this.onAvailable = onAvailable;
    }

    /** The next message for this subscription, or {@code null} if none is ready now. */
    public Delivery poll() {
        try {
            return queue.take(selector, 0, this::isOpen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Waits for the next message.
     *
     * @param timeout how long to wait; negative for no limit
     * @return the delivery, or {@code null} on timeout or when the subscription was closed
     * @throws InterruptedException when interrupted while waiting
     */
    public Delivery take(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = timeout < 0 ? -1 : Math.max(1, unit.toNanos(timeout));
        return queue.take(selector, nanos, this::isOpen);
    }

    public boolean isOpen() {
        return open;
    }

    public LocalQueue queue() {
        return queue;
    }

    void signalAvailable() {
        if (open && onAvailable != null) {
            onAvailable.run();
        }
    }

    /** Stops the subscription; a thread blocked in {@link #take} returns {@code null}. Idempotent. */
    @Override
    public void close() {
        if (open) {
            open = false;
            queue.unsubscribe(this);
        }
    }
}
