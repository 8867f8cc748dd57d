package dev.fpmjms.jms;

import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One engine per test, with the fake gateways: worker queue {@code work} (echo), local queue
 * {@code local}, dead-letter queue {@code DLQ}. {@link #close()} closes what the test opened and
 * shuts the engine down.
 */
@SuppressWarnings("try")
final class FacadeFixture implements AutoCloseable {
    static final String WORK = "work";
    static final String LOCAL = "local";

    final FakeGateways gateways = new FakeGateways();
    /** The fixture's engines: factories made with it share the fixture's engine. */
    final EngineRegistry registry = new EngineRegistry();
    final FpmConfig config;
    final FpmConnectionFactory factory;
    private final List<AutoCloseable> opened = new ArrayList<>();

    FacadeFixture() {
        this(b -> b);
    }

    FacadeFixture(UnaryOperator<FpmConfig.Builder> customise) {
        FpmRoute work = FpmRoute.builder(WORK).endpoint("127.0.0.1:9000")
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 1.0, 0.0, false))
                .build();
        config = customise.apply(FpmConfig.builder()
                .name("facade-test-" + UUID.randomUUID())
                .route(work)
                .localQueue(LOCAL)
                .fullQueuePolicy(FullQueuePolicy.FAIL)).build();
        factory = new FpmConnectionFactory(config, c -> gateways, registry);
    }

    /** A new connection, closed with the fixture. */
    Connection connection() throws JMSException {
        Connection c = factory.createConnection();
        opened.add(c);
        return c;
    }

    /** A started connection's new session. */
    Session startedSession(int mode) throws JMSException {
        Connection c = connection();
        c.start();
        return c.createSession(mode);
    }

    <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    FpmEngine engine() {
        return registry.engine(config, c -> gateways);
    }

    static TextMessage receiveText(MessageConsumer consumer) throws JMSException {
        Message m = consumer.receive(30_000);
        assertNotNull(m, "no message within 30 s");
        return (TextMessage) m;
    }

    /** The live thread with this name. */
    static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread named " + name));
    }

    /** Polls a condition until it holds or 30 s pass (generous: a busy machine is slow, never wrong). */
    static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(30), condition::getAsBoolean);
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        engine().shutdown();
        gateways.close();
    }
}
