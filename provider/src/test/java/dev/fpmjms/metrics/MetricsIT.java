package dev.fpmjms.metrics;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics on a real php-fpm: a worker that succeeds, fails with a 500 (retried once, then
 * dead-lettered) or rejects with a 422 (dead-lettered at once); the counts are read through the
 * Java API ({@link FpmConnectionFactory#metrics()}), JMX and Micrometer ({@link FpmMetricsBinder} on a
 * {@link SimpleMeterRegistry}), after waiting for the outcomes.
 */
@Timeout(120)
class MetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SUCCEEDING = 20;
    private static final int FAILING = 5;
    private static final int REJECTED = 5;
    private static final RetryPolicy TWO_ATTEMPTS =
            new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(50), 2.0, 0.0, false);
    private static EmbeddedPhpFpm fpm;
    private static Path script;

    @BeforeAll
    static void startPhpFpm() throws IOException {
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 30, Map.of(), null)).start();
        try (InputStream in = MetricsIT.class.getResourceAsStream("/php/ops/failing.php")) {
            if (in == null) {
                throw new IllegalStateException("test resource /php/ops/failing.php is missing");
            }
            script = fpm.installScript("failing.php", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            fpm.close();
            throw e;
        }
    }

    @AfterAll
    static void stopPhpFpm() {
        fpm.close();
    }

    private static double outcomes(MeterRegistry registry, String[] tags, String outcome) {
        return registry.get("fpmjms.queue.outcomes").tags(tags).tag("outcome", outcome).functionCounter().count();
    }

    @Test
    void outcomesRetriesDeadLettersAndPhpTimeAreCountedInJavaJmxAndMicrometer() throws Exception {
        String name = "metrics-" + UUID.randomUUID();
        Path data = Files.createTempDirectory("fpmjms-metrics");
        FpmConfig config = FpmConfig.builder().name(name).dataDirectory(data)
                .route(FpmRoute.builder("invoices").endpoint(fpm.endpointString()).script(script.toString())
                        .maxInFlight(2).retryPolicy(TWO_ATTEMPTS).build())
                .build();
        FpmConnectionFactory factory = new FpmConnectionFactory(config, FcgiGatewayFactory::new, new EngineRegistry());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName queueBean = MetricsJmx.queueName(name, "invoices");
        ObjectName engineBean = MetricsJmx.engineName(name);
        assertFalse(factory.metrics().running(), "no engine before the first connection");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("invoices"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < SUCCEEDING + FAILING + REJECTED; i++) {
                String body = i % 6 == 1 ? "500" : i % 6 == 3 ? "422" : "ok-" + i;
                producer.send(session.createTextMessage(body));
            }
            Await.until(() -> "every outcome settled: " + factory.metrics(), WAIT, () -> {
                QueueMetrics q = factory.metrics().queue("invoices").orElseThrow();
                return q.successes() == SUCCEEDING && q.deadLetters() == FAILING + REJECTED
                        && q.inFlight() == 0 && q.waitingForDispatch() == 0;
            });

            EngineMetrics m = factory.metrics();
            QueueMetrics q = m.queue("invoices").orElseThrow();
            assertEquals(2 * FAILING, q.outcome(Result.WORKER_FAILURE), "each 500 ran twice");
            assertEquals(REJECTED, q.outcome(Result.REJECTED));
            assertEquals(FAILING, q.retries(), "one retry per 500");
            long attempts = SUCCEEDING + 2 * FAILING + REJECTED;
            assertEquals(attempts, q.outcome(Result.SUCCESS) + q.failures());
            assertEquals(q.dispatched(), q.outcomes().values().stream().mapToLong(Long::longValue).sum(),
                    "every attempt started has ended");
            assertEquals(q.dispatched() - q.outcome(Result.NOT_DELIVERED), q.phpTime().count(),
                    "PHP time of every attempt that reached php-fpm");
            assertTrue(q.replyBytes() > 0, String.valueOf(q));
            assertEquals(SUCCEEDING, q.waitingForConsumers(), "the replies nobody has read");
            assertEquals(FAILING + REJECTED, m.deadLetterQueueDepth());
            JournalMetrics journal = m.journalMetrics().orElseThrow();
            assertTrue(journal.sizeBytes() > 0 && journal.liveBytes() > 0, String.valueOf(journal));
            assertTrue(journal.forces() > 0, "fsync always forces the group commits: " + journal);

            assertEquals(q.dispatched(), server.getAttribute(queueBean, "Dispatched"));
            assertEquals((long) SUCCEEDING, server.getAttribute(queueBean, "Successes"));
            assertEquals(2L * FAILING, server.getAttribute(queueBean, "WorkerFailures"));
            assertEquals((long) REJECTED, server.getAttribute(queueBean, "Rejected"));
            assertEquals((long) FAILING, server.getAttribute(queueBean, "Retries"));
            assertEquals((long) FAILING + REJECTED, server.getAttribute(queueBean, "DeadLetters"));
            assertEquals(q.phpTime().count(), server.getAttribute(queueBean, "PhpTimeCount"));
            assertEquals(0L, server.getAttribute(queueBean, "InFlight"));
            assertEquals((long) SUCCEEDING, server.getAttribute(queueBean, "WaitingForConsumers"));
            assertEquals((long) FAILING + REJECTED, server.getAttribute(engineBean, "DeadLetterQueueDepth"));
            assertTrue((Long) server.getAttribute(engineBean, "JournalForces") > 0);
            long[] buckets = (long[]) server.getAttribute(queueBean, "PhpTimeBucketCounts");
            assertEquals(q.phpTime().count(), java.util.Arrays.stream(buckets).sum());

            MeterRegistry registry = new SimpleMeterRegistry();
            new FpmMetricsBinder(factory::metrics).bindTo(registry);
            String[] tags = {"engine", name, "queue", "invoices", "route", "invoices"};
            assertEquals(q.dispatched(), registry.get("fpmjms.queue.dispatched").tags(tags).functionCounter().count());
            assertEquals(SUCCEEDING, outcomes(registry, tags, "success"));
            assertEquals(2 * FAILING, outcomes(registry, tags, "worker_failure"));
            assertEquals(REJECTED, outcomes(registry, tags, "rejected"));
            assertEquals(FAILING, registry.get("fpmjms.queue.retries").tags(tags).functionCounter().count());
            assertEquals(FAILING + REJECTED, registry.get("fpmjms.queue.dead.letters").tags(tags).functionCounter().count());
            assertEquals(q.phpTime().count(), registry.get("fpmjms.queue.php.time").tags(tags).functionTimer().count());
            assertEquals(q.phpTime().count(), registry.get("fpmjms.queue.php.time.buckets").tags(tags).tag("le", "+Inf")
                    .functionCounter().count());
            assertEquals(SUCCEEDING, registry.get("fpmjms.queue.waiting.consumers").tags(tags).gauge().value());
            assertEquals(FAILING + REJECTED, registry.get("fpmjms.dead.letter.queue.depth").tag("engine", name).gauge().value());
            assertTrue(registry.get("fpmjms.journal.force").tag("engine", name).functionTimer().count() > 0);
        } finally {
            factory.close();
            factory.shutdown();
        }
        assertFalse(server.isRegistered(queueBean), "unregistered when the engine stops");
        assertFalse(server.isRegistered(engineBean));
        assertFalse(factory.metrics().running());
    }
}
