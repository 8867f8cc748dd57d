package dev.fpmjms.message;

import dev.fpmjms.envelope.DestinationRef;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;

/**
 * Maps the facade's {@code jakarta.jms} destination objects to and from the engine's
 * {@link DestinationRef}. The facade owns the {@code Queue} and {@code TemporaryQueue} classes, so it
 * supplies the implementation; the message classes and {@link FpmMessageConverter} only call it.
 *
 * <p>Implementations must be thread-safe and must not block.
 */
public interface DestinationMapper {

    /**
     * The engine reference for a destination.
     *
     * @param destination a destination, never {@code null}; possibly one of another provider
     * @return the reference, never {@code null}
     * @throws JMSException typically {@code InvalidDestinationException} when the destination
     *                      cannot be used with this provider (a foreign temporary queue, a topic)
     */
    DestinationRef toRef(Destination destination) throws JMSException;

    /**
     * The destination object for an engine reference.
     *
     * @param ref a reference, never {@code null}
     * @return the destination, never {@code null}
     */
    Destination fromRef(DestinationRef ref);
}
