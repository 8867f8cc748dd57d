package dev.fpmjms.metrics;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.gateway.WorkerGateway;
import dev.fpmjms.gateway.WorkerGatewayFactory;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;

/**
 * A child JVM for {@link NoMicrometerTest}, run with no Micrometer on its class path: an engine
 * with a gateway that answers every request, three messages sent, their metrics read through the
 * Java API and JMX. Prints {@code ok} and exits 0, or exits 1 naming what was wrong.
 */
public final class WithoutMicrometer {

    private WithoutMicrometer() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry");
            fail("Micrometer is on the class path");
        } catch (ClassNotFoundException expected) {
            // what this JVM is for
        }
        FpmConfig config = FpmConfig.builder().name("without-micrometer")
                .route(FpmRoute.builder("work").endpoint("/run/fake.sock").script("/srv/w.php").build()).build();
        FpmConnectionFactory factory = new FpmConnectionFactory(config, c -> new Answering(), new EngineRegistry());
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("work"));
            for (int i = 0; i < 3; i++) {
                producer.send(session.createTextMessage("m" + i));
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (factory.metrics().queue("work").orElseThrow().successes() < 3) {
                if (System.nanoTime() > deadline) {
                    fail("timed out waiting for 3 successes: " + factory.metrics());
                }
                Thread.sleep(5); // a child process's own poll; no test asserts on its timing
            }
            Object jmx = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(MetricsJmx.queueName("without-micrometer", "work"), "Successes");
            if (!Long.valueOf(3).equals(jmx)) {
                fail("JMX Successes is " + jmx);
            }
        } finally {
            factory.close();
            factory.shutdown();
        }
        System.out.println("ok");
        System.exit(0);
    }

    private static void fail(String why) {
        System.out.println("failed: " + why);
        System.exit(1);
    }

    /** Answers every request with a 200 whose reply is the request. */
    private static final class Answering implements WorkerGatewayFactory, WorkerGateway {
        private String queue;

        @Override
        public WorkerGateway open(String queueName, FpmRoute route) {
            queue = queueName;
            return this;
        }

        @Override
        public CompletableFuture<DeliveryOutcome> deliver(FpmEnvelope request) {
            return CompletableFuture.completedFuture(DeliveryOutcome.success(
                    request.toBuilder().destination(DestinationRef.queue(queue)).build()));
        }

        @Override
        public void close() {
        }
    }
}
