package dev.fpmjms.tck.fpm;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.tck.JmsProvider;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import java.util.Set;

/**
 * fpm-jms as a provider under test. Every queue is a worker queue served by the default route,
 * {@code builtin:echo} on the embedded php-fpm, in queue mode ({@code ECHO_MODE=queue}):
 * the worker returns each message unchanged to the queue it came from, JMSReplyTo and all, so a
 * worker queue holds messages exactly as an ordinary queue does — only each message makes a
 * round trip through PHP first (hence the suite's receive timeouts).
 *
 * <p>The route keeps its defaults ({@code maxInFlight = 4}, {@code replyOrder = producer}): PHP
 * runs several messages at once and completes them in any order, and the provider's reorder stage
 * must still hand one session's messages to consumers in send order (spec 6.2.9.1).
 *
 * <p>Request/reply tests use the same Java echo responder as for Artemis: the worker queue is
 * an ordinary queue here, and the responder reads it and answers to JMSReplyTo.
 */
public final class FpmJmsProvider implements JmsProvider {

    private FpmConnectionFactory factory;
    private Connection namingConnection;
    private Session namingSession;

    @Override
    public String name() {
        return "fpm-jms";
    }

    /** The queue of {@link #unservedQueue}: its route points at a php-fpm socket that does not exist. */
    static final String UNSERVED = "tck.unserved";

    /**
     * The configuration under test: one default route to the echo worker on the embedded php-fpm,
     * and the unserved queue's route, whose php-fpm cannot be reached.
     */
    static FpmConfig config() {
        return FpmConfig.builder()
                .name("tck")
                .route(FpmRoute.builder(UNSERVED)
                        .endpoint("unix:/nonexistent/fpm-jms-tck-unserved.sock")
                        .script("/nonexistent/worker.php")
                        .build())
                .route(FpmRoute.builder(FpmRoute.ANY_QUEUE)
                        .script("builtin:echo")
                        .param("ECHO_MODE", "queue")
                        .build())
                .subscription(FpmRoute.builder(FAN_OUT_MAIL).script("builtin:echo").maxInFlight(1).build())
                .subscription(FpmRoute.builder(FAN_OUT_INVOICE).script("builtin:echo").maxInFlight(1).build())
                // the default route's 4 in flight and one for each PHP subscription
                .embeddedFpm(new EmbeddedFpmSettings(6, 0, java.util.Map.of(), null))
                .build();
    }

    /** The topic of the fan-out chapter and its two subscriptions served by the echo worker (answering to JMSReplyTo). */
    public static final String FAN_OUT_TOPIC = "tck.fanout";
    public static final String FAN_OUT_MAIL = FAN_OUT_TOPIC + "::tck-fanout-mail";
    public static final String FAN_OUT_INVOICE = FAN_OUT_TOPIC + "::tck-fanout-invoice";

    @Override
    public FanOut fanOut() {
        return new FanOut(FAN_OUT_TOPIC, Set.of(FAN_OUT_MAIL, FAN_OUT_INVOICE));
    }

    @Override
    public void start() throws Exception {
        factory = new FpmConnectionFactory(config());
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

    /** Messages to this queue wait for dispatch: php-fpm refuses them, so they are retried later. */
    @Override
    public Queue unservedQueue(String name) {
        return queue(UNSERVED);
    }

    @Override
    public Set<Capability> unsupported() {
        return Set.of(Capability.XA,
                Capability.OBJECT_MESSAGE_ANY_CLASS);
    }

    @Override
    public void close() throws Exception {
        if (namingConnection != null) {
            namingConnection.close();
        }
        if (factory != null) {
            factory.shutdown();
        }
    }
}
