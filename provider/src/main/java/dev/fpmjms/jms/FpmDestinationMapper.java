package dev.fpmjms.jms;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.message.DestinationMapper;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;

/**
 * Maps destinations for one connection: {@link FpmQueue}, {@link FpmTemporaryQueue}, {@link FpmTopic}
 * and {@link FpmTemporaryTopic} to and from {@link DestinationRef}s; another provider's {@code Queue}
 * or {@code Topic} by its name. A temporary queue that
 * this connection created maps back to the same object, so that {@code delete()} works on a
 * received JMSReplyTo. Thread-safe; never blocks.
 */
final class FpmDestinationMapper implements DestinationMapper {
    private final FpmConnection connection;

    FpmDestinationMapper(FpmConnection connection) {
        this.connection = connection;
    }

    @Override
    public DestinationRef toRef(Destination destination) throws JMSException {
        if (destination instanceof FpmTemporaryQueue) {
            return ((FpmTemporaryQueue) destination).ref();
        }
        if (destination instanceof FpmQueue) {
            return DestinationRef.queue(((FpmQueue) destination).getQueueName());
        }
        if (destination instanceof TemporaryQueue) {
            throw new InvalidDestinationException("temporary queue " + destination
                    + " belongs to another JMS provider and cannot be used with fpm-jms");
        }
        if (destination instanceof Queue) {
            String name = ((Queue) destination).getQueueName();
            if (name == null || name.isBlank()) {
                throw new InvalidDestinationException("queue " + destination + " has no name");
            }
            return DestinationRef.queue(name);
        }
        if (destination instanceof FpmTemporaryTopic) {
            return ((FpmTemporaryTopic) destination).ref();
        }
        if (destination instanceof TemporaryTopic) {
            throw new InvalidDestinationException("temporary topic " + destination
                    + " belongs to another JMS provider and cannot be used with fpm-jms");
        }
        if (destination instanceof Topic) {
            String name = ((Topic) destination).getTopicName();
            if (name == null || name.isBlank()) {
                throw new InvalidDestinationException("topic " + destination + " has no name");
            }
            return DestinationRef.topic(name);
        }
        throw new InvalidDestinationException(destination == null ? "destination is null"
                : "unsupported destination " + destination + " (" + destination.getClass().getName() + ")");
    }

    @Override
    public Destination fromRef(DestinationRef ref) {
        switch (ref.kind()) {
            case QUEUE:
                return new FpmQueue(ref.name());
            case TEMPORARY_QUEUE: {
                FpmTemporaryQueue own = connection.ownTemporaryQueue(ref);
                return own != null ? own : new FpmTemporaryQueue(ref, null);
            }
            case TOPIC:
                return new FpmTopic(ref.name());
            case TEMPORARY_TOPIC: {
                FpmTemporaryTopic own = connection.ownTemporaryTopic(ref);
                return own != null ? own : new FpmTemporaryTopic(ref, null);
            }
            default:
                throw new IllegalArgumentException("unknown destination kind: " + ref);
        }
    }
}
