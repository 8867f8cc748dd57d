package dev.fpmjms.artemis;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.message.DestinationMapper;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.jms.client.ActiveMQDestination;

/**
 * Maps Artemis destinations to the provider's {@link DestinationRef}s and back, so that the
 * dispatcher can hand requests to the gateway (which knows no {@code jakarta.jms} object) and put
 * replies on the broker. Queues of any provider are mapped by name; a fully qualified Artemis name
 * ({@code address::queue}) maps to its address, where a reply belongs. Stateless, thread-safe.
 */
final class ArtemisDestinations implements DestinationMapper {
    static final ArtemisDestinations INSTANCE = new ArtemisDestinations();

    private ArtemisDestinations() {
    }

    @Override
    public DestinationRef toRef(Destination destination) throws JMSException {
        if (destination instanceof ActiveMQDestination a) {
            String address = a.getAddress();
            if (a.isTemporary()) {
                return a.isQueue() ? DestinationRef.temporaryQueue(address) : DestinationRef.temporaryTopic(address);
            }
            return a.isQueue() ? DestinationRef.queue(address) : new DestinationRef(DestinationRef.Kind.TOPIC, address);
        }
        if (destination instanceof TemporaryQueue t) {
            return DestinationRef.temporaryQueue(t.getQueueName());
        }
        if (destination instanceof Queue q) {
            return DestinationRef.queue(q.getQueueName());
        }
        if (destination instanceof Topic t) {
            return new DestinationRef(DestinationRef.Kind.TOPIC, t.getTopicName());
        }
        throw new InvalidDestinationException("not a queue or topic: " + destination);
    }

    @Override
    public Destination fromRef(DestinationRef ref) {
        return switch (ref.kind()) {
            case QUEUE -> ActiveMQDestination.createQueue(ref.name());
            case TEMPORARY_QUEUE -> ActiveMQDestination.createTemporaryQueue(ref.name());
            case TOPIC -> ActiveMQDestination.createTopic(ref.name());
            case TEMPORARY_TOPIC -> ActiveMQDestination.createTemporaryTopic(ref.name());
        };
    }
}
