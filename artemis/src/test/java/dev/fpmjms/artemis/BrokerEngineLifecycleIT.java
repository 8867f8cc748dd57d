package dev.fpmjms.artemis;

import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who owns a broker-mode engine, on a real Artemis broker and php-fpm: factories of equal
 * configurations share one engine (its dispatcher serves while any of them is open); when the last
 * one is closed, the dispatcher stops (its threads end: nothing leaks from one test to the next),
 * the connections made before stay usable, a closed factory makes no connection, and a new
 * factory starts a fresh engine. {@code shutdown()} stops the engine at once.
 */
@Timeout(120)
class BrokerEngineLifecycleIT {
    private static final long RECEIVE_MILLIS = 20_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The dispatcher threads of the configuration: one pipeline for its one route. */
    private static final long PIPELINES = 1;

    @TempDir
    static Path dir;

    private static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static FpmConfig config(String name) {
        return FpmConfig.builder().name(name)
                .broker(BrokerSettings.of(broker.url()))
                .route(FpmRoute.builder("lifecycle-jobs").maxInFlight(2).build())
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .build();
    }

    /** The dispatcher threads of configuration {@code name} alive now. */
    private static long dispatcherThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("fpm-dispatch-" + name + "-")).count();
    }

    private static void awaitNoDispatcherThreads(String name) {
        Await.until(() -> "no dispatcher thread of '" + name + "' runs after the last factory was closed (still "
                + dispatcherThreads(name) + ")", PATIENCE, () -> dispatcherThreads(name) == 0);
    }

    /** Sends a request to the worker queue and returns its reply's text (the dispatcher of some engine serves it). */
    private static String roundTrip(JMSContext context, String text) {
        context.createProducer().setJMSCorrelationID(text).send(context.createQueue("lifecycle-jobs"), text);
        Message reply = context.createConsumer(context.createQueue("lifecycle-jobs"), "JMSCorrelationID = '" + text + "'")
                .receive(RECEIVE_MILLIS);
        assertNotNull(reply, "reply to " + text);
        try {
            return ((TextMessage) reply).getText();
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theLastFactoryClosedStopsTheDispatcherAndLeavesItsConnectionsUsable() throws Exception {
        String name = "lifecycle-close";
        FpmConnectionFactory a = new FpmConnectionFactory(config(name));
        FpmConnectionFactory b = new FpmConnectionFactory(config(name));
        Connection made = a.createConnection();
        try (JMSContext onB = b.createContext()) {
            assertEquals(PIPELINES, dispatcherThreads(name), "one engine for both factories: its pipeline, not two");
            a.close();
            assertEquals("still served", roundTrip(onB, "still served"), "b holds the engine: its dispatcher serves on");
            b.close();
            awaitNoDispatcherThreads(name);

            // a connection made before the close is the broker's: it works until its owner closes it
            Session session = made.createSession(false, Session.AUTO_ACKNOWLEDGE);
            made.start();
            session.createProducer(session.createQueue("lifecycle-plain")).send(session.createTextMessage("after close"));
            Message m = session.createConsumer(session.createQueue("lifecycle-plain")).receive(RECEIVE_MILLIS);
            assertNotNull(m, "the connection made before the factory was closed still works");
            assertEquals("after close", ((TextMessage) m).getText());
        } finally {
            made.close();
        }
        assertThrows(IllegalStateException.class, a::createConnection, "a closed factory makes no connection");

        try (FpmConnectionFactory again = new FpmConnectionFactory(config(name)); JMSContext context = again.createContext()) {
            assertEquals(PIPELINES, dispatcherThreads(name), "a new factory starts a fresh engine");
            assertEquals("fresh", roundTrip(context, "fresh"));
        }
        awaitNoDispatcherThreads(name);
    }

    @Test
    void shutdownStopsTheEngineWhateverItsFactoriesAndTheNextConnectionStartsAFreshOne() throws Exception {
        String name = "lifecycle-shutdown";
        try (FpmConnectionFactory a = new FpmConnectionFactory(config(name));
             FpmConnectionFactory b = new FpmConnectionFactory(config(name))) {
            a.createContext().close();
            b.createContext().close();
            a.shutdown();
            awaitNoDispatcherThreads(name);
            try (JMSContext context = b.createContext()) {
                assertEquals(PIPELINES, dispatcherThreads(name), "b's next context starts a fresh engine");
                assertEquals("after shutdown", roundTrip(context, "after shutdown"));
            }
        }
        awaitNoDispatcherThreads(name);
    }
}
