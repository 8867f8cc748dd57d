package dev.fpmjms.jms;

import dev.fpmjms.envelope.DestinationRef;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/**
 * A temporary topic: lives until its connection closes or {@link #delete()} is called. Only the
 * connection that created it may subscribe to it; anyone may publish to it.
 *
 * <p>Thread-safe. Equal when the names are equal.
 */
public final class FpmTemporaryTopic implements TemporaryTopic {
    private final DestinationRef ref;
    /** The creating connection, or {@code null} for a reference read from a message of another connection. */
    private final FpmConnection owner;

    FpmTemporaryTopic(DestinationRef ref, FpmConnection owner) {
        this.ref = ref;
        this.owner = owner;
    }

    DestinationRef ref() {
        return ref;
    }

    @Override
    public String getTopicName() {
        return ref.name();
    }

    /**
     * Deletes the topic; later publishes to it fail with {@code InvalidDestinationException}.
     *
     * @throws IllegalStateException when it still has subscribers, when its connection is closed,
     *                               or when this connection did not create it
     */
    @Override
    public void delete() throws JMSException {
        if (owner == null) {
            throw new IllegalStateException("temporary topic " + ref.name()
                    + " can only be deleted by the connection that created it");
        }
        owner.deleteTemporaryTopic(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FpmTemporaryTopic && ((FpmTemporaryTopic) o).ref.equals(ref);
    }

    @Override
    public int hashCode() {
        return ref.hashCode();
    }

    @Override
    public String toString() {
        return "temp-topic://" + ref.name();
    }
}
