package dev.fpmjms.tck;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.opentest4j.TestAbortedException;

/**
 * Base of every chapter: runs the chapter's tests once per provider (see {@link ProviderSource}) and
 * owns the JMS objects a test opens, closing them after the test in reverse order.
 *
 * <p>Timeouts: a message that must arrive is awaited {@link #RECEIVE_TIMEOUT_MS} (a provider may
 * route it through php-fpm and back); a message that must not arrive is awaited
 * {@link #ABSENT_TIMEOUT_MS}.
 */
@ParameterizedClass(name = "{0}", autoCloseArguments = false)
@ArgumentsSource(ProviderSource.class)
abstract class ConformanceTestBase {

    /** Generous: a busy machine makes a delivery slow, never absent (a passing test never waits it out). */
    static final long RECEIVE_TIMEOUT_MS = 20_000;
    static final long ABSENT_TIMEOUT_MS = 300;

    private static final AtomicInteger QUEUE_SEQUENCE = new AtomicInteger();

    @Parameter
    JmsProvider provider;

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private String testName = "test";

    @BeforeEach
    void rememberName(TestInfo info) {
        testName = getClass().getSimpleName() + "." + info.getTestMethod().map(m -> m.getName()).orElse("test");
    }

    @AfterEach
    void closeOpened() throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes {@code resource} after the test (before anything opened earlier). */
    final <T extends AutoCloseable> T track(T resource) {
        opened.push(resource);
        return resource;
    }

    /** A fresh, empty queue unique to this test and call. */
    final Queue queue() {
        return provider.queue("tck." + testName + "." + QUEUE_SEQUENCE.incrementAndGet());
    }

    /** A connection that is not started. */
    final Connection connection() throws JMSException {
        return track(provider.connectionFactory().createConnection());
    }

    /** A started connection. */
    final Connection startedConnection() throws JMSException {
        Connection c = connection();
        c.start();
        return c;
    }

    /** A non-transacted session of a new started connection. */
    final Session session(int acknowledgeMode) throws JMSException {
        return startedConnection().createSession(false, acknowledgeMode);
    }

    final Session session() throws JMSException {
        return session(Session.AUTO_ACKNOWLEDGE);
    }

    final Session transactedSession() throws JMSException {
        return startedConnection().createSession(true, Session.SESSION_TRANSACTED);
    }

    final JMSContext context() {
        return track(provider.connectionFactory().createContext());
    }

    final JMSContext context(int sessionMode) {
        return track(provider.connectionFactory().createContext(sessionMode));
    }

    /** Sends {@code message} to {@code queue} with a new producer of {@code session}. */
    static void send(Session session, Queue queue, Message message) throws JMSException {
        try (MessageProducer p = session.createProducer(queue)) {
            p.send(message);
        }
    }

    /** Receives a message that must arrive. */
    static Message receive(MessageConsumer consumer) throws JMSException {
        Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
        assertNotNull(m, "expected a message within " + RECEIVE_TIMEOUT_MS + " ms");
        return m;
    }

    static Message receive(JMSConsumer consumer) {
        Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
        assertNotNull(m, "expected a message within " + RECEIVE_TIMEOUT_MS + " ms");
        return m;
    }

    /** Asserts that no message arrives within {@link #ABSENT_TIMEOUT_MS}. */
    static void assertNoMessage(MessageConsumer consumer) throws JMSException {
        Message m = consumer.receive(ABSENT_TIMEOUT_MS);
        assertNull(m, () -> "expected no message, got " + m);
    }

    static void assertNoMessage(JMSConsumer consumer) {
        Message m = consumer.receive(ABSENT_TIMEOUT_MS);
        assertNull(m, () -> "expected no message, got " + m);
    }

    /** Reports the test as skipped when the provider lacks {@code capability}. */
    final void requires(JmsProvider.Capability capability) {
        Assumptions.assumeFalse(provider.unsupported().contains(capability),
                () -> "skipped: " + provider.name() + " does not support " + capability);
    }

    /**
     * Runs {@code check}; if it fails on the provider named {@code providerName}, the test is
     * reported as skipped with "{@code providerName} deviates: {@code what}" instead of failed. On
     * every other provider, and on that provider once it conforms, the check counts normally.
     */
    final void knownDeviation(String providerName, String what, Executable check) throws Throwable {
        try {
            check.execute();
        } catch (TestAbortedException e) {
            throw e;
        } catch (Throwable t) {
            if (provider.hasClientOf(providerName)) {
                throw new TestAbortedException(providerName + " deviates: " + what
                        + (provider.name().equals(providerName) ? "" : " (" + provider.name() + " hands out its client)"), t);
            }
            throw t;
        }
    }

    /** Polls {@code condition} until true or {@code timeoutMs} passes. */
    static boolean eventually(long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while polling");
            }
        }
        return true;
    }
}
