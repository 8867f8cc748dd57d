package dev.fpmjms.bench;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnectorFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * For context, no PHP: an embedded ActiveMQ Artemis broker in this JVM (in-VM acceptor, no
 * security) and its JMS client sending and receiving the same messages as the fpm-jms end-to-end
 * scenario through one queue. NON_PERSISTENT runs with persistence off; PERSISTENT with the NIO
 * journal in a temporary directory (Artemis syncs the journal on every durable send).
 */
final class ArtemisScenario {

    private ArtemisScenario() {
    }

    static ScenarioResult run(String name, BenchOptions options, HeapProbe probe, int deliveryMode, int size)
            throws Exception {
        boolean persistent = deliveryMode == jakarta.jms.DeliveryMode.PERSISTENT;
        Path dir = Files.createTempDirectory("fpmjms-bench-artemis-");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration(dir, persistent));
        try {
            broker.start();
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(false,
                    new TransportConfiguration(InVMConnectorFactory.class.getName()))) {
                return JmsLoop.run(name, options, probe, factory, "bench", deliveryMode, size, options.window());
            }
        } finally {
            broker.stop();
            delete(dir);
        }
    }

    private static Configuration configuration(Path dir, boolean persistent) throws Exception {
        return new ConfigurationImpl()
                .setName("fpmjms-bench")
                .setPersistenceEnabled(persistent)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName()));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
