package dev.fpmjms.bench.jmh;

import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.message.DestinationMapper;
import dev.fpmjms.message.FpmBytesMessage;
import dev.fpmjms.message.FpmMessageConverter;
import jakarta.jms.JMSException;
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

    private final DestinationMapper mapper = new BenchMessages.QueueMapper();
    private FpmBytesMessage message;

    @Setup
    public void setup() throws JMSException {
        message = BenchMessages.bytesMessage();
    }

    @Benchmark
    public FpmEnvelope toEnvelope() throws JMSException {
        return FpmMessageConverter.toEnvelope(message, mapper);
    }

}
