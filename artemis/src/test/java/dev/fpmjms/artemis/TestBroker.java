package dev.fpmjms.artemis;

import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.ha.SharedStoreBackupPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.SharedStorePrimaryPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real ActiveMQ Artemis broker for the tests: a TCP acceptor on 127.0.0.1 (an ephemeral port
 * unless one is given, so concurrent builds do not collide), a persistent NIO journal in a
 * directory of the test's, security off. Dead letters of the broker itself (after 10 deliveries,
 * which fpm-jms's own retries never reach) go to {@code DLQ}.
 *
 * <p>Other modules' tests use it through this module's test jar.
 *
 * <p>In the test JVM through {@link #start}, or in a child JVM (so that a test can kill it with
 * {@code kill -9}) through {@link #main}: {@code TestBroker <dataDirectory> [port]}, which prints
 * {@value #PORT_LINE}{@code <port>} once the broker accepts connections.
 *
 * <p>A live/backup pair with a shared store: {@code TestBroker <dataDirectory> <port> primary|backup
 * <peerPort>} in two child JVMs on the same {@code dataDirectory}. The journal's file lock decides
 * which one is live; the backup announces itself to the live through a cluster connection, so that
 * clients with {@code ha=true} learn where to fail over. The primary prints {@value #PORT_LINE} once
 * live; the backup prints {@value #STARTED_LINE} once it waits for the lock and
 * {@value #PORT_LINE} once it has taken over.
 */
public final class TestBroker implements AutoCloseable {
    static final String PORT_LINE = "PORT=";
    static final String STARTED_LINE = "BACKUP-STARTED";

    private final ActiveMQServer server;

    private TestBroker(ActiveMQServer server) {
        this.server = server;
    }

    /** Starts a broker keeping its journal in {@code dataDirectory}; port 0 picks a free one. */
    public static TestBroker start(Path dataDirectory, int port) throws Exception {
        ActiveMQServer server = ActiveMQServers.newActiveMQServer(configuration(dataDirectory, port), true);
        server.start();
        return new TestBroker(server);
    }

    /**
     * Starts one member of a shared-store live/backup pair on {@code dataDirectory}: the primary is
     * live once this returns; a backup waits for the journal's lock (see {@link #awaitLive}).
     */
    static TestBroker startPair(Path dataDirectory, int port, int peerPort, boolean backup) throws Exception {
        ConfigurationImpl config = configuration(dataDirectory, port);
        config.addConnectorConfiguration("self", "tcp://127.0.0.1:" + port)
                .addConnectorConfiguration("peer", "tcp://127.0.0.1:" + peerPort)
                .setClusterUser("fpmjms-test").setClusterPassword("fpmjms-test")
                .addClusterConfiguration(new ClusterConnectionConfiguration().setName("pair").setConnectorName("self")
                        .setStaticConnectors(List.of("peer")).setRetryInterval(200).setReconnectAttempts(-1))
                .setHAPolicyConfiguration(backup
                        ? new SharedStoreBackupPolicyConfiguration().setAllowFailBack(false)
                        : new SharedStorePrimaryPolicyConfiguration());
        ActiveMQServer server = ActiveMQServers.newActiveMQServer(config, true);
        server.start();
        return new TestBroker(server);
    }

    /** Waits until this broker is live (a backup: until it has taken over); false at the deadline. */
    boolean awaitLive(long timeout, TimeUnit unit) throws InterruptedException {
        return server.waitForActivation(timeout, unit);
    }

    private static ConfigurationImpl configuration(Path dataDirectory, int port) throws Exception {
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
        return config;
    }

    /** The port the acceptor listens on. */
    public int port() {
        return ((NettyAcceptor) server.getRemotingService().getAcceptor("tcp")).getActualPort();
    }

    /** The broker's URL for clients: {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "US-ASCII");
        Path data = Path.of(args[0]);
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (args.length > 3) {
            boolean backup = args[2].equals("backup");
            TestBroker member = startPair(data, port, Integer.parseInt(args[3]), backup);
            if (backup) {
                out.println(STARTED_LINE);
            }
            while (!member.awaitLive(1, TimeUnit.SECONDS)) {
                // a backup waits here until the live one is gone
            }
            out.println(PORT_LINE + port);
            new CountDownLatch(1).await();
        }
        TestBroker broker = start(data, port);
        out.println(PORT_LINE + broker.port());
        new CountDownLatch(1).await();
    }
}
