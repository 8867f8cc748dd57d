package dev.fpmjms.bench.jmh;

import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.message.DestinationMapper;
import dev.fpmjms.message.FpmBytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;

/** The message the microbenchmarks work on: a 1 KiB BytesMessage with six typed properties. */
final class BenchMessages {

    static final int BODY = 1024;

    private BenchMessages() {
    }

    static byte[] body() {
        byte[] body = new byte[BODY];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    /** A message as a producer has it just before send: destination, reply-to, ids and properties set. */
    static FpmBytesMessage bytesMessage() throws JMSException {
        FpmBytesMessage m = new FpmBytesMessage();
        m.writeBytes(body());
        m.setJMSDestination(new BenchQueue("orders"));
        m.setJMSReplyTo(new BenchQueue("replies"));
        m.setJMSMessageID("ID:bench-7f3c2a9e-0001-000000012345");
        m.setJMSTimestamp(1_767_225_600_123L);
        m.setJMSCorrelationID("order-12345");
        m.setStringProperty("customer", "ACME Corp");
        m.setLongProperty("amount", 12_345L);
        m.setIntProperty("lines", 7);
        m.setBooleanProperty("urgent", true);
        m.setDoubleProperty("weight", 1.25);
        m.setStringProperty("region", "eu-west");
        return m;
    }

    /** A plain queue object, as the facade's would be. */
    record BenchQueue(String getQueueName) implements Queue {
    }

    /** Maps {@link BenchQueue}s; what the facade's mapper does for named queues. */
    static final class QueueMapper implements DestinationMapper {
        @Override
        public DestinationRef toRef(Destination destination) throws JMSException {
            return DestinationRef.queue(((Queue) destination).getQueueName());
        }

        @Override
        public Destination fromRef(DestinationRef ref) {
            return new BenchQueue(ref.name());
        }
    }
}
