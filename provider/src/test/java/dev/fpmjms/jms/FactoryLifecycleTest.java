package dev.fpmjms.jms;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.ShutdownReport;
import dev.fpmjms.testing.Await;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.fpmjms.jms.FacadeFixture.LOCAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine registry's sharing and stopping rules, seen through connection factories: factories
 * of equal configurations in one registry share an engine; an engine stops once its factories are
 * closed and their connections too; a factory made with a gateway factory uses that gateway
 * factory (a registry of its own), never silently another's.
 */
@Timeout(60)
class FactoryLifecycleTest {

    private static FpmConfig config() {
        return FpmConfig.builder().name("lifecycle-" + UUID.randomUUID())
                .route(FpmRoute.builder("work").endpoint("127.0.0.1:9000").build()).localQueue(LOCAL).build();
    }

    private static void sendAndReceive(Connection c, String text) throws JMSException {
        c.start();
        Session s = c.createSession();
        s.createProducer(s.createQueue(LOCAL)).send(s.createTextMessage(text));
        assertEquals(text, FacadeFixture.receiveText(s.createConsumer(s.createQueue(LOCAL))).getText());
    }

    @Test
    void anEngineStopsWhenItsFactoryIsClosedAndItsLastConnectionToo() throws Exception {
        FakeGateways gateways = new FakeGateways();
        EngineRegistry registry = new EngineRegistry();
        FpmConfig config = config();
        FpmConnectionFactory factory = new FpmConnectionFactory(config, c -> gateways, registry);
        Connection first = factory.createConnection();
        Connection second = factory.createConnection();
        FpmEngine engine = registry.running(config).orElseThrow();
        sendAndReceive(first, "one");
        first.close();
        second.close();
        assertFalse(engine.isShutdown(), "an open factory keeps its engine: a message sent just before a close is still dispatched");
        Connection third = factory.createConnection();
        factory.close();
        assertFalse(engine.isShutdown(), "an open connection keeps the engine of a closed factory");
        sendAndReceive(third, "three");
        third.close();
        assertTrue(engine.isShutdown(), "the last connection of a closed factory stopped the engine");
        assertEquals(0, registry.size());
        assertTrue(gateways.closed(), "the engine closed its gateways");
        JMSException e = assertThrows(jakarta.jms.IllegalStateException.class, factory::createConnection);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        factory.close(); // idempotent
    }

    @Test
    void shutdownDrainsWhileLateSendersGetAnIllegalStateException() throws Exception {
        FakeGateways gateways = new FakeGateways();
        FpmConfig config = FpmConfig.builder().name("lifecycle-drain-" + UUID.randomUUID())
                .route(FpmRoute.builder("work").endpoint("127.0.0.1:9000").build()).drainTimeout(Duration.ofSeconds(50))
                .build();
        EngineRegistry registry = new EngineRegistry();
        FpmConnectionFactory factory = new FpmConnectionFactory(config, c -> gateways, registry);
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession();
            MessageProducer producer = s.createProducer(s.createQueue("work"));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            gateways.pause();
            for (int i = 0; i < 3; i++) {
                producer.send(s.createTextMessage("queued " + i));
            }
            FpmEngine engine = registry.running(config).orElseThrow();
            CompletableFuture<ShutdownReport> shutdown =
                    CompletableFuture.supplyAsync(factory::shutdown);
            Await.until("the shutdown has started", Duration.ofSeconds(20), engine::isShuttingDown);
            JMSException late = assertThrows(jakarta.jms.IllegalStateException.class,
                    () -> producer.send(s.createTextMessage("late")));
            assertTrue(late.getMessage().contains("shutting down"), late.getMessage());
            gateways.resume();
            ShutdownReport report = shutdown.get(40, TimeUnit.SECONDS);
            assertTrue(report.drained(), report.describe());
            assertEquals(3, gateways.requests().size(), "the queued messages reached the workers");
            // their replies came back to the worker queue, where nobody consumed them
            assertEquals(3, report.unconsumed().get("work"), report.describe());
        }
    }

    @Test
    void factoriesOfEqualConfigurationsInOneRegistryShareAnEngineUntilTheLastOneLetsGo() throws Exception {
        EngineRegistry registry = new EngineRegistry();
        FpmConfig config = config();
        AtomicInteger made = new AtomicInteger();
        FpmConnectionFactory a = new FpmConnectionFactory(config, c -> { made.incrementAndGet(); return new FakeGateways(); }, registry);
        FpmConnectionFactory b = new FpmConnectionFactory(config, c -> { made.incrementAndGet(); return new FakeGateways(); }, registry);
        try (Connection ca = a.createConnection(); Connection cb = b.createConnection()) {
            assertSame(((FpmConnection) ca).engine(), ((FpmConnection) cb).engine());
            assertEquals(1, made.get(), "the second factory's gateway factory is not called: documented sharing rule");
        }
        FpmEngine engine = registry.running(config).orElseThrow();
        a.close();
        assertFalse(engine.isShutdown(), "factory b still holds it");
        b.close();
        assertTrue(engine.isShutdown());
    }

    @Test
    void aFactoryWithItsOwnGatewayFactoryUsesIt() throws Exception {
        FpmConfig config = config();
        FakeGateways mine = new FakeGateways();
        FakeGateways theirs = new FakeGateways();
        try (FpmConnectionFactory first = new FpmConnectionFactory(config, c -> theirs);
             FpmConnectionFactory second = new FpmConnectionFactory(config, c -> mine);
             Connection c1 = first.createConnection();
             Connection c2 = second.createConnection()) {
            assertNotSame(((FpmConnection) c1).engine(), ((FpmConnection) c2).engine(),
                    "equal configurations with their own gateway factories do not share an engine");
        }
        assertTrue(mine.closed() && theirs.closed(), "both engines stopped when their factories closed");
    }

    @Test
    void aPinnedEngineOutlivesItsFactories() throws Exception {
        EngineRegistry registry = new EngineRegistry();
        FpmConfig config = config();
        FakeGateways gateways = new FakeGateways();
        FpmEngine pinned = registry.engine(config, c -> gateways);
        try (FpmConnectionFactory f = new FpmConnectionFactory(config, c -> gateways, registry);
             Connection c = f.createConnection()) {
            assertSame(pinned, ((FpmConnection) c).engine());
        }
        assertFalse(pinned.isShutdown(), "pinned: runs until shutdown()");
        pinned.shutdown();
        assertEquals(0, registry.size());
    }

    @Test
    void aShutDownEngineIsReplacedForTheNextConnection() throws Exception {
        EngineRegistry registry = new EngineRegistry();
        FpmConfig config = config();
        try (FpmConnectionFactory f = new FpmConnectionFactory(config, c -> new FakeGateways(), registry)) {
            FpmEngine before;
            try (Connection c = f.createConnection()) {
                before = ((FpmConnection) c).engine();
            }
            f.shutdown();
            assertTrue(before.isShutdown());
            try (Connection c = f.createConnection()) {
                assertNotSame(before, ((FpmConnection) c).engine());
                sendAndReceive(c, "fresh");
            }
        }
        assertEquals(0, registry.size(), "closing the factory stopped the fresh engine");
    }
}
