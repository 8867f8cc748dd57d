package dev.fpmjms.envelope;

import java.util.Objects;

/**
 * A destination as the engine sees it: a kind and a name, with no {@code jakarta.jms} type.
 *
 * <p>Immutable and safe to share between threads. The facade maps its {@code Queue},
 * {@code TemporaryQueue}, {@code Topic} and {@code TemporaryTopic} objects to and from this record.
 *
 * @param kind what sort of destination this is
 * @param name the destination's name, never blank
 */
public record DestinationRef(Kind kind, String name) {

    /** The sorts of destination the engine knows. */
    public enum Kind {
        /** A named queue: a worker queue (with a route) or a local queue (the DLQ, for example). */
        QUEUE,
        /** A temporary queue, alive while the connection that created it is open. */
        TEMPORARY_QUEUE,
        /** A named topic: each publish goes to every subscription whose selector matches. */
        TOPIC,
        /** A temporary topic, alive while the connection that created it is open. */
        TEMPORARY_TOPIC
    }

    public DestinationRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("destination name must not be blank");
        }
    }

    /** A named queue. */
    public static DestinationRef queue(String name) {
        return new DestinationRef(Kind.QUEUE, name);
    }

    /** A temporary queue. */
    public static DestinationRef temporaryQueue(String name) {
        return new DestinationRef(Kind.TEMPORARY_QUEUE, name);
    }

    /** A named topic. */
    public static DestinationRef topic(String name) {
        return new DestinationRef(Kind.TOPIC, name);
    }

    /** A temporary topic. */
    public static DestinationRef temporaryTopic(String name) {
        return new DestinationRef(Kind.TEMPORARY_TOPIC, name);
    }

    /** Whether this is a topic or a temporary topic. */
    public boolean isTopic() {
        return kind == Kind.TOPIC || kind == Kind.TEMPORARY_TOPIC;
    }

    @Override
    public String toString() {
        return kind + ":" + name;
    }
}
