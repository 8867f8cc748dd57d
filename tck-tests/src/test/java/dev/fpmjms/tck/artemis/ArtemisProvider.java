package dev.fpmjms.tck.artemis;

import dev.fpmjms.tck.JmsProvider;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQQueue;

/**
 * The reference provider: an embedded ActiveMQ Artemis broker with an in-VM acceptor, persistence
 * and security disabled, reached through the Artemis Jakarta client at {@code vm://0}.
 *
 * <p>Queues are created on the broker as ANYCAST queues that are not auto-deleted, so a queue keeps
 * its messages while no consumer is attached.
 */
public final class ArtemisProvider implements JmsProvider {

    private ActiveMQServer server;
    private ActiveMQConnectionFactory factory;
    private Path dataDirectory;

    @Override
    public String name() {
        return "artemis";
    }

    @Override
    public void start() throws Exception {
        dataDirectory = Files.createTempDirectory("tck-artemis");
        ConfigurationImpl config = new ConfigurationImpl();
        config.setBrokerInstance(dataDirectory.toFile());
        config.setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", "vm://0")
                // redelivery is immediate and unbounded: the tests count deliveries themselves
                .addAddressSetting("#", new AddressSettings()
                        .setRedeliveryDelay(0)
                        .setMaxDeliveryAttempts(-1));
        server = ActiveMQServers.newActiveMQServer(config, false);
        server.start();
        factory = new ActiveMQConnectionFactory("vm://0");
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    @Override
    public Queue queue(String name) {
        try {
            server.createQueue(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true).setAutoCreated(false));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create queue " + name + " on the embedded Artemis", e);
        }
        return new ActiveMQQueue(name);
    }

    /** A plain broker has no PHP routes: the fan-out chapter is fpm-jms's own. */
    @Override
    public java.util.Set<Capability> unsupported() {
        return java.util.Set.of(Capability.FAN_OUT_TO_PHP);
    }

    @Override
    public void close() throws Exception {
        if (factory != null) {
            factory.close();
        }
        if (server != null) {
            server.stop();
        }
        if (dataDirectory != null) {
            try (var files = Files.walk(dataDirectory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
