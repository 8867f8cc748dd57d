package dev.fpmjms.jms;

import dev.fpmjms.envelope.DestinationRef;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/**
 * A temporary queue: a local queue that lives until its connection closes or {@link #delete()}
 * is called. Only the connection that created it may consume from it; anyone may send to it
 * (typically a PHP worker's reply, addressed by JMSReplyTo).
 *
 * <p>Thread-safe. Equal when the names are equal.
 */
public final class FpmTemporaryQueue implements TemporaryQueue {
    private final DestinationRef ref;
    /** The creating connection, or {@code null} for a reference read from a message of another connection. */
    private final FpmConnection owner;

    FpmTemporaryQueue(DestinationRef ref, FpmConnection owner) {
        this.ref = ref;
        this.owner = owner;
    }

    DestinationRef ref() {
        return ref;
    }

    FpmConnection owner() {
        return owner;
    }

    @Override
    public String getQueueName() {
        return ref.name();
    }

    /**
     * Deletes the queue and drops the messages it holds; later sends to it fail with
     * {@code InvalidDestinationException}.
     *
     * @throws IllegalStateException when it still has open consumers, when its connection is
     *                               closed, or when this connection did not create it
     */
    @Override
    public void delete() throws JMSException {
        if (owner == null) {
            throw new IllegalStateException("temporary queue " + ref.name()
                    + " can only be deleted by the connection that created it");
        }
        owner.deleteTemporaryQueue(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FpmTemporaryQueue && ((FpmTemporaryQueue) o).ref.equals(ref);
    }

    @Override
    public int hashCode() {
        return ref.hashCode();
    }

    @Override
    public String toString() {
        return "temp-queue://" + ref.name();
    }
}
