package dev.fpmjms.tracing;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * W3C Trace Context end to end on a real php-fpm: the {@code traceparent}/{@code tracestate}
 * String properties of a JMS message reach the worker (read with the PHP helper's
 * {@code Request::traceContext()}), and come back on the reply, unless the worker gives the reply
 * its own context ({@code Reply::traceContext()}); a context that is not valid is not forwarded
 * and fails nothing.
 */
@Timeout(90)
class TracePropagationIT {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final long WAIT_MS = 30_000;
    private static EmbeddedPhpFpm fpm;
    private static String script;
    private FpmConnectionFactory factory;
    private Connection connection;
    private Session session;

    @BeforeAll
    static void startPhpFpm() throws IOException {
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 30, Map.of(), null)).start();
        try (InputStream in = TracePropagationIT.class.getResourceAsStream("/php/tracing/traced.php")) {
            script = fpm.installScript("traced.php", new String(in.readAllBytes(), StandardCharsets.UTF_8)).toString();
        } catch (IOException | RuntimeException e) {
            fpm.close();
            throw e;
        }
    }

    @AfterAll
    static void stopPhpFpm() {
        fpm.close();
    }

    @BeforeEach
    void open() throws JMSException {
        FpmConfig config = FpmConfig.builder().name("trace-propagation-" + UUID.randomUUID())
                .route(FpmRoute.builder("traced").endpoint(fpm.endpointString()).script(script).maxInFlight(2).build())
                .build();
        factory = new FpmConnectionFactory(config, FcgiGatewayFactory::new, new EngineRegistry());
        connection = factory.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void close() throws JMSException {
        connection.close();
        factory.close();
    }

    /** Sends {@code command} with the given trace properties (null: not set) and returns the reply. */
    private TextMessage call(String command, Object traceparent, String tracestate) throws JMSException {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        TextMessage request = session.createTextMessage(command);
        if (traceparent != null) {
            request.setObjectProperty("traceparent", traceparent);
        }
        if (tracestate != null) {
            request.setStringProperty("tracestate", tracestate);
        }
        request.setJMSReplyTo(replies);
        session.createProducer(session.createQueue("traced")).send(request);
        Message reply = consumer.receive(WAIT_MS);
        assertNotNull(reply, "reply to " + command);
        if (!command.equals("echo")) { // an echo is the request: its JMSCorrelationID is the request's (none)
            assertEquals(request.getJMSMessageID(), reply.getJMSCorrelationID());
        }
        return (TextMessage) reply;
    }

    @Test
    void theWorkerSeesTheContextAndTheReplyCarriesItBack() throws JMSException {
        TextMessage reply = call("seen", TRACEPARENT, "congo=t61rcWkgMzE");
        assertEquals(TRACEPARENT + "|congo=t61rcWkgMzE|" + TRACE_ID + "|00f067aa0ba902b7|sampled", reply.getText());
        assertEquals(TRACEPARENT, reply.getStringProperty("traceparent"));
        assertEquals("congo=t61rcWkgMzE", reply.getStringProperty("tracestate"));
    }

    @Test
    void theWorkersOwnContextGoesOnTheReply() throws JMSException {
        TextMessage reply = call("own", TRACEPARENT, null);
        assertEquals(TRACEPARENT + "||" + TRACE_ID + "|00f067aa0ba902b7|sampled", reply.getText());
        assertEquals("00-" + TRACE_ID + "-2222222222222222-01", reply.getStringProperty("traceparent"));
        assertEquals("php=worker", reply.getStringProperty("tracestate"));
    }

    @Test
    void anEchoedReplyCarriesTheContext() throws JMSException {
        TextMessage reply = call("echo", TRACEPARENT, "a=1");
        assertEquals("echo", reply.getText());
        assertEquals(TRACEPARENT, reply.getStringProperty("traceparent"));
        assertEquals("a=1", reply.getStringProperty("tracestate"));
    }

    @Test
    void aContextThatIsNotValidIsNotForwardedAndFailsNothing() throws JMSException {
        TextMessage upper = call("seen", TRACEPARENT.toUpperCase(), "a=1");
        assertEquals("none", upper.getText(), "PHP saw no context");
        assertNull(upper.getStringProperty("traceparent"));
        TextMessage notString = call("seen", 42L, null);
        assertEquals("none", notString.getText());
        TextMessage badState = call("seen", TRACEPARENT, "NOT VALID");
        assertEquals(TRACEPARENT + "||" + TRACE_ID + "|00f067aa0ba902b7|sampled", badState.getText(),
                "the traceparent goes without its tracestate");
        assertFalse(badState.propertyExists("tracestate"));
    }

    @Test
    void noContextNoTraceProperties() throws JMSException {
        TextMessage reply = call("seen", null, null);
        assertEquals("none", reply.getText());
        assertFalse(reply.propertyExists("traceparent"));
    }
}
