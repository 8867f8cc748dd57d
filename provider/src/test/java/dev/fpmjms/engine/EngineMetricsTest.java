package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.gateway.DeliveryOutcome.Result;
import dev.fpmjms.metrics.EngineMetrics;
import dev.fpmjms.metrics.MetricsJmx;
import dev.fpmjms.metrics.QueueMetrics;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's metrics over a scripted gateway: the Java API, and the JMX beans' lifetime. */
@Timeout(60)
class EngineMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ScriptedGateway gateway = new ScriptedGateway();
    private FpmEngine engine;

    @AfterEach
    void shutdown() {
        if (engine != null) {
            engine.shutdown();
        }
    }

    private FpmEngine engine(String name, RetryPolicy policy) {
        FpmConfig config = FpmConfig.builder().name(name)
                .route(FpmRoute.builder("work").endpoint("/run/fake.sock").script("/srv/w.php").retryPolicy(policy).build())
                .route(FpmRoute.builder("*").endpoint("/run/fake.sock").script("/srv/any.php").retryPolicy(policy).build())
                .build();
        engine = new EngineRegistry().engine(config, c -> gateway);
        return engine;
    }

    private void send(String queue, String body) throws Exception {
        engine.send(FpmEnvelope.builder(DestinationRef.queue(queue)).messageId(engine.newMessageId())
                .body(BodyType.TEXT, body).build());
    }

    @Test
    void countsOutcomesRetriesAndDeadLettersPerQueue() throws Exception {
        engine("metrics-" + UUID.randomUUID(), new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0, false));
        gateway.rule = e -> switch ((String) e.body()) {
            case "fail" -> Result.WORKER_FAILURE;
            case "reject" -> Result.REJECTED;
            default -> Result.SUCCESS;
        };
        for (int i = 0; i < 6; i++) {
            send("work", "ok");
        }
        send("work", "fail");
        send("work", "reject");
        Await.until(() -> "all outcomes counted: " + engine.metrics(), WAIT, () -> {
            QueueMetrics q = engine.metrics().queue("work").orElseThrow();
            return q.successes() == 6 && q.deadLetters() == 2 && q.inFlight() == 0;
        });
        EngineMetrics m = engine.metrics();
        QueueMetrics work = m.queue("work").orElseThrow();
        assertEquals("work", work.route());
        assertEquals(2, work.outcome(Result.WORKER_FAILURE), "two attempts of the failing message");
        assertEquals(1, work.outcome(Result.REJECTED));
        assertEquals(1, work.retries());
        assertEquals(9, work.dispatched());
        assertEquals(9, work.phpTime().count());
        assertEquals(0, work.waitingForDispatch());
        assertEquals(6, work.waitingForConsumers(), "the replies nobody has read");
        assertEquals(2, m.deadLetterQueueDepth());
        assertNull(m.journal(), "no data directory");
        assertTrue(m.running());
    }

    @Test
    void configuredRoutesAreThereBeforeUseAndDefaultRouteQueuesOnceUsedInJavaAndJmx() throws Exception {
        String name = "metrics-" + UUID.randomUUID();
        engine(name, RetryPolicy.DEFAULT);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertEquals(QueueMetrics.empty("work", "work"), engine.metrics().queue("work").orElseThrow());
        assertTrue(server.isRegistered(MetricsJmx.queueName(name, "work")));
        assertTrue(server.isRegistered(MetricsJmx.engineName(name)));
        assertTrue(engine.metrics().queue("mail").isEmpty());
        assertFalse(server.isRegistered(MetricsJmx.queueName(name, "mail")));

        send("mail", "hello");
        Await.until("the reply on mail", WAIT, () -> engine.metrics().queue("mail").orElseThrow().waitingForConsumers() == 1);
        QueueMetrics mail = engine.metrics().queue("mail").orElseThrow();
        assertEquals("*", mail.route());
        assertEquals(1, mail.successes());
        assertEquals(1L, server.getAttribute(MetricsJmx.queueName(name, "mail"), "Successes"));
        assertEquals("*", server.getAttribute(MetricsJmx.queueName(name, "mail"), "Route"));
        assertEquals(-1L, server.getAttribute(MetricsJmx.engineName(name), "JournalSizeBytes"));

        engine.shutdown();
        assertFalse(server.isRegistered(MetricsJmx.queueName(name, "work")), "unregistered at shutdown");
        assertFalse(server.isRegistered(MetricsJmx.queueName(name, "mail")));
        assertFalse(server.isRegistered(MetricsJmx.engineName(name)));
        assertFalse(engine.metrics().running());
    }
}
