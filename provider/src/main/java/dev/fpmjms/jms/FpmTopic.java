package dev.fpmjms.jms;

import jakarta.jms.Topic;

import java.io.Serializable;
import java.util.Objects;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * A named topic of the local engine: each message published to it goes to every subscription
 * whose selector accepts it. A topic needs no declaration; publishing to one without
 * subscriptions drops the message.
 *
 * <p>Immutable, thread-safe and serializable; equal when the names are equal. Applications may
 * create instances directly (for dependency injection or administered objects).
 */
public final class FpmTopic implements Topic, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * @param name the topic name
     * @throws IllegalArgumentException when the name is null or blank
     */
    public FpmTopic(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be null or blank, was: "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        this.name = name;
    }

    @Override
    public String getTopicName() {
        return name;
    }

    /** A JNDI reference holding the topic name, read back by {@code dev.fpmjms.jndi.FpmObjectFactory}. */
    @Override
    public Reference getReference() {
        Reference ref = new Reference(FpmTopic.class.getName(), FpmConnectionFactory.OBJECT_FACTORY, null);
        ref.add(new StringRefAddr("name", name));
        return ref;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FpmTopic && ((FpmTopic) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(FpmTopic.class, name);
    }

    @Override
    public String toString() {
        return "topic://" + name;
    }
}
