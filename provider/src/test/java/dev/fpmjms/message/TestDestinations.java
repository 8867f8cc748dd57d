package dev.fpmjms.message;

import dev.fpmjms.envelope.DestinationRef;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.Topic;

/** Trivial destinations and a mapper for the message tests; the facade has the real ones. */
final class TestDestinations {

    private TestDestinations() {
    }

    record TestQueue(String name) implements Queue {
        @Override
        public String getQueueName() {
            return name;
        }
    }

    record TestTemporaryQueue(String name) implements TemporaryQueue {
        @Override
        public String getQueueName() {
            return name;
        }

        @Override
        public void delete() {
        }
    }

    record TestTopic(String name) implements Topic {
        @Override
        public String getTopicName() {
            return name;
        }
    }

    /** Maps the test queues; refuses topics, as the facade does. */
    static final DestinationMapper MAPPER = new DestinationMapper() {
        @Override
        public DestinationRef toRef(Destination d) throws JMSException {
            if (d instanceof TestTemporaryQueue) {
                return DestinationRef.temporaryQueue(((TestTemporaryQueue) d).name());
            }
            if (d instanceof TestQueue) {
                return DestinationRef.queue(((TestQueue) d).name());
            }
            throw new InvalidDestinationException("not a test queue: " + d);
        }

        @Override
        public Destination fromRef(DestinationRef r) {
            return r.kind() == DestinationRef.Kind.TEMPORARY_QUEUE ? new TestTemporaryQueue(r.name()) : new TestQueue(r.name());
        }
    };
}
