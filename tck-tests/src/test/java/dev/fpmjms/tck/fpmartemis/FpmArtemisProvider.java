package dev.fpmjms.tck.fpmartemis;

import dev.fpmjms.artemis.ArtemisDispatcher;
import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.tck.JmsProvider;
import dev.fpmjms.tck.fpm.FpmJmsProvider;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * fpm-jms in broker mode ({@code docs/artemis.md}) as a provider under test: an Artemis broker on
 * an ephemeral TCP port of 127.0.0.1, an {@link FpmConnectionFactory} with {@code broker=} set
 * (so connections are the Artemis client's), and an {@link ArtemisDispatcher} in the same JVM
 * serving every test queue through the default route, {@code builtin:echo} in queue mode on the
 * embedded php-fpm, with the route's defaults as for {@code fpm-jms} ({@code maxInFlight = 4},
 * {@code replyOrder = producer}: PHP completes requests in any order and the dispatcher must still
 * settle one session's messages in send order, spec 6.2.9.1). Each test queue is a worker
 * queue: a message sent to it is a request that goes through PHP and comes back as the reply that
 * the queue's consumers read.
 */
public final class FpmArtemisProvider implements JmsProvider {

    private ActiveMQServer server;
    private Path dataDirectory;
    private ArtemisDispatcher dispatcher;
    private FpmConnectionFactory factory;

    @Override
    public String name() {
        return "fpm-jms-artemis";
    }

    /** The configuration under test; the application side does not dispatch, the dispatcher does. */
    static FpmConfig config(String name, String brokerUrl, boolean dispatch) {
        return FpmConfig.builder()
                .name(name)
                .broker(BrokerSettings.of(brokerUrl).withDispatch(dispatch))
                .route(FpmRoute.builder(FpmRoute.ANY_QUEUE)
                        .script("builtin:echo")
                        .param("ECHO_MODE", "queue")
                        .build())
                .subscription(FpmRoute.builder(FpmJmsProvider.FAN_OUT_MAIL).script("builtin:echo").maxInFlight(1).build())
                .subscription(FpmRoute.builder(FpmJmsProvider.FAN_OUT_INVOICE).script("builtin:echo").maxInFlight(1).build())
                .embeddedFpm(new EmbeddedFpmSettings(6, 0, java.util.Map.of(), null)) // 4 for the queues, 1 per subscription
                .build();
    }

    /** The same fan-out as {@code fpm-jms}: durable subscription queues of the topic's address, served by the dispatcher. */
    @Override
    public FanOut fanOut() {
        return new FanOut(FpmJmsProvider.FAN_OUT_TOPIC, Set.of(FpmJmsProvider.FAN_OUT_MAIL, FpmJmsProvider.FAN_OUT_INVOICE));
    }

    @Override
    public void start() throws Exception {
        dataDirectory = Files.createTempDirectory("tck-fpm-artemis");
        ConfigurationImpl config = new ConfigurationImpl();
        config.setBrokerInstance(dataDirectory.toFile());
        config.setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:0")
                .addAddressSetting("#", new AddressSettings().setRedeliveryDelay(0).setMaxDeliveryAttempts(-1));
        server = ActiveMQServers.newActiveMQServer(config, false);
        server.start();
        int port = ((NettyAcceptor) server.getRemotingService().getAcceptor("tcp")).getActualPort();
        String url = "tcp://127.0.0.1:" + port;
        dispatcher = ArtemisDispatcher.start(config("tck-dispatcher", url, true));
        factory = new FpmConnectionFactory(config("tck-app", url, false));
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    @Override
    public Queue queue(String name) {
        dispatcher.serve(name);
        try {
            return factory.queue(name);
        } catch (JMSException e) {
            throw new IllegalStateException("fpm-jms cannot name queue " + name, e);
        }
    }

    /** Connections are the Artemis client's: Artemis's own deviations are known deviations here. */
    @Override
    public boolean hasClientOf(String name) {
        return name().equals(name) || "artemis".equals(name);
    }

    /**
     * Topics are the Artemis client's own in broker mode, so they are tested; XA is not offered by
     * {@link FpmConnectionFactory}; ObjectMessages are deserialized by the dispatcher under the
     * configuration's allow-list (JDK types only by default).
     */
    @Override
    public Set<Capability> unsupported() {
        return Set.of(Capability.XA, Capability.OBJECT_MESSAGE_ANY_CLASS);
    }

    @Override
    public void close() throws Exception {
        if (factory != null) {
            factory.shutdown();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (server != null) {
            server.stop();
        }
        if (dataDirectory != null) {
            try (var files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
