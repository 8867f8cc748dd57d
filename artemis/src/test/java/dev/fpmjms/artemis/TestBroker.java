package dev.fpmjms.artemis;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A real ActiveMQ Artemis broker for the tests: a TCP acceptor on 127.0.0.1 (an ephemeral port
 * unless one is given, so concurrent builds do not collide), a persistent NIO journal in a
 * directory of the test's, security off. Dead letters of the broker itself (after 10 deliveries,
 * which fpm-jms's own retries never reach) go to {@code DLQ}.
 *
 * <p>In the test JVM through {@link #start}, or in a child JVM (so that a test can kill it with
 * {@code kill -9}) through {@link #main}: {@code TestBroker <dataDirectory> [port]}, which prints
 * {@value #PORT_LINE}{@code <port>} once the broker accepts connections.
 */
public final class TestBroker implements AutoCloseable {
    static final String PORT_LINE = "PORT=";

    private final ActiveMQServer server;

    private TestBroker(ActiveMQServer server) {
        this.server = server;
    }

    /** Starts a broker keeping its journal in {@code dataDirectory}; port 0 picks a free one. */
    static TestBroker start(Path dataDirectory, int port) throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setBrokerInstance(dataDirectory.toFile());
        config.setJournalDirectory(dataDirectory.resolve("journal").toString())
                .setBindingsDirectory(dataDirectory.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDirectory.resolve("large").toString())
                .setPagingDirectory(dataDirectory.resolve("paging").toString())
                .setJournalType(JournalType.NIO)
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port)
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                        .setMaxDeliveryAttempts(10)
                        .setRedeliveryDelay(0));
        ActiveMQServer server = ActiveMQServers.newActiveMQServer(config, true);
        server.start();
        return new TestBroker(server);
    }

    /** The port the acceptor listens on. */
    int port() {
        return ((NettyAcceptor) server.getRemotingService().getAcceptor("tcp")).getActualPort();
    }

    String url() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    public static void main(String[] args) throws Exception {
        TestBroker broker = start(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 0);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "US-ASCII");
        out.println(PORT_LINE + broker.port());
        new CountDownLatch(1).await();
    }
}
