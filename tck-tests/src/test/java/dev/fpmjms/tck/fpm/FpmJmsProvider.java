package dev.fpmjms.tck.fpm;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.tck.JmsProvider;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.Set;

/**
 * SEAM, NOT REGISTERED YET: fpm-jms as a provider under test. Every queue is a worker queue served
 * by the default route, {@code builtin:echo} on the embedded php-fpm; the echo worker returns each
 * message unchanged, so a worker queue behaves like an ordinary queue (messages come back
 * asynchronously, which is why tests wait {@code RECEIVE_TIMEOUT_MS} for expected messages).
 *
 * <p>To run the suite against fpm-jms, uncomment the line for this class in
 * {@code src/test/resources/META-INF/services/dev.fpmjms.tck.JmsProvider} (or run with
 * {@code -Dtck.providers=fpm-jms} once it is there). Until {@code dev.fpmjms.jms.FpmConnectionFactory}
 * exists, {@link #start()} fails with a message saying so. The factory is looked up reflectively
 * only so that this module compiles before the facade lands; replace that with
 * {@code new FpmConnectionFactory(config)} (or whatever its constructor becomes) when it does.
 *
 * <p>Assumptions to check when wiring it in: the echo worker answers a request that has a
 * {@code JMSReplyTo} by sending the reply there with {@code JMSCorrelationID} = the request's
 * {@code JMSMessageID} (DESIGN.md, "Reply"), so {@link #startEchoResponder} needs no Java
 * responder; topics and XA are not offered.
 */
public final class FpmJmsProvider implements JmsProvider {

    static final String FACTORY_CLASS = "dev.fpmjms.jms.FpmConnectionFactory";

    private ConnectionFactory factory;
    private Connection namingConnection;
    private Session namingSession;

    @Override
    public String name() {
        return "fpm-jms";
    }

    /** The configuration under test: one default route to the echo worker on the embedded php-fpm. */
    static FpmConfig config() {
        return FpmConfig.builder()
                .name("tck")
                .route(FpmRoute.builder(FpmRoute.ANY_QUEUE).script("builtin:echo").build())
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .build();
    }

    @Override
    public void start() throws Exception {
        Class<?> type;
        try {
            type = Class.forName(FACTORY_CLASS);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("fpm-jms provider selected but " + FACTORY_CLASS
                    + " does not exist yet; leave FpmJmsProvider commented out in META-INF/services", e);
        }
        factory = (ConnectionFactory) type.getConstructor(FpmConfig.class).newInstance(config());
        namingConnection = factory.createConnection();
        namingSession = namingConnection.createSession();
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    @Override
    public Queue queue(String name) {
        try {
            return namingSession.createQueue(name);
        } catch (JMSException e) {
            throw new IllegalStateException("fpm-jms cannot name queue " + name, e);
        }
    }

    @Override
    public Set<Capability> unsupported() {
        return Set.of(Capability.TOPICS, Capability.DURABLE_SUBSCRIPTIONS, Capability.XA,
                Capability.OBJECT_MESSAGE_ANY_CLASS);
    }

    /** The echo worker is the responder: nothing to start. */
    @Override
    public AutoCloseable startEchoResponder(Connection connection, Queue queue) {
        return () -> { };
    }

    @Override
    public void close() throws Exception {
        if (namingConnection != null) {
            namingConnection.close();
        }
        if (factory instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
