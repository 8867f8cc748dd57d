package dev.fpmjms.bench.jmh;

import dev.fpmjms.engine.DestinationRef;
import dev.fpmjms.engine.FpmEnvelope;
import dev.fpmjms.message.DestinationMapper;
import dev.fpmjms.message.FpmBytesMessage;
import dev.fpmjms.message.FpmMessageConverter;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@link FpmMessageConverter#toEnvelope} on the send path: a BytesMessage of 1 KiB with six typed
 * properties, a correlation id and a JMSReplyTo.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageConverterBenchmark {

    private final DestinationMapper mapper = new QueueMapper();
    private FpmBytesMessage message;

    @Setup
    public void setup() throws JMSException {
        message = new FpmBytesMessage();
        byte[] body = new byte[1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        message.writeBytes(body);
        message.setJMSDestination(new BenchQueue("orders"));
        message.setJMSReplyTo(new BenchQueue("replies"));
        message.setJMSCorrelationID("order-12345");
        message.setStringProperty("customer", "ACME Corp");
        message.setLongProperty("amount", 12_345L);
        message.setIntProperty("lines", 7);
        message.setBooleanProperty("urgent", true);
        message.setDoubleProperty("weight", 1.25);
        message.setStringProperty("region", "eu-west");
    }

    @Benchmark
    public FpmEnvelope toEnvelope() throws JMSException {
        return FpmMessageConverter.toEnvelope(message, mapper);
    }

    /** A plain queue object, as the facade's would be. */
    record BenchQueue(String getQueueName) implements Queue {
    }

    private static final class QueueMapper implements DestinationMapper {
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
