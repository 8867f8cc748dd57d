package dev.fpmjms.jms;

import jakarta.jms.Queue;

import java.io.Serializable;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;
import java.util.Objects;

/**
 * A named queue: a worker queue (served by a php-fpm pool) or a local queue. Sending to a worker
 * queue dispatches the message to PHP; consumers and browsers of a worker queue see the workers'
 * replies. Whether the queue exists is checked when it is used, not when this object is made.
 *
 * <p>Immutable, thread-safe and serializable; equal when the names are equal. Applications may
 * create instances directly (for dependency injection or administered objects).
 */
public final class FpmQueue implements Queue, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * @param name the queue name
     * @throws IllegalArgumentException when the name is null or blank
     */
    public FpmQueue(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("queue name must not be null or blank, was: "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        this.name = name;
    }

    @Override
    public String getQueueName() {
        return name;
    }

    /** A JNDI reference holding the queue name, read back by {@code dev.fpmjms.jndi.FpmObjectFactory}. */
    @Override
    public Reference getReference() {
        Reference ref = new Reference(FpmQueue.class.getName(), FpmConnectionFactory.OBJECT_FACTORY, null);
        ref.add(new StringRefAddr("name", name));
        return ref;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FpmQueue && ((FpmQueue) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(FpmQueue.class, name);
    }

    @Override
    public String toString() {
        return "queue://" + name;
    }
}
