package dev.fpmjms.bench;

import dev.fpmjms.artemis.ArtemisDispatcher;
import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * fpm-jms in broker mode end to end (docs/artemis.md), the same loop as the embedded end-to-end
 * scenario: an ActiveMQ Artemis broker in this JVM on a TCP port of 127.0.0.1 (persistent NIO
 * journal, used by PERSISTENT messages), a dispatcher ({@link ArtemisDispatcher}, {@code
 * maxInFlight = children}) delivering worker queue {@value FpmJmsScenarios#QUEUE} to the pool's
 * shipped echo worker, and an application factory ({@code brokerDispatch=false}) whose producer
 * sends requests and whose consumer reads the replies from the worker queue. Every message
 * crosses TCP four times (request in and out of the broker, reply in and out).
 */
final class BrokerModeScenario {

    private BrokerModeScenario() {
    }

    static ScenarioResult run(String name, BenchOptions options, HeapProbe probe, int deliveryMode, int size)
            throws Exception {
        Path dir = Files.createTempDirectory("fpmjms-bench-broker-");
        ActiveMQServer server = ActiveMQServers.newActiveMQServer(new ConfigurationImpl()
                .setName("fpmjms-bench-broker")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:0"), true);
        try (EchoPool pool = EchoPool.start(options.children())) {
            server.start();
            String url = "tcp://127.0.0.1:" + ((NettyAcceptor) server.getRemotingService().getAcceptor("tcp")).getActualPort();
            FpmRoute route = FpmRoute.builder(FpmJmsScenarios.QUEUE).endpoint(pool.endpointString())
                    .script(pool.builtinEcho().toString()).maxInFlight(options.children()).build();
            FpmConfig dispatcherConfig = FpmConfig.builder().name("bench-" + name + "-dispatcher")
                    .broker(BrokerSettings.of(url)).route(route).build();
            FpmConfig appConfig = dispatcherConfig.toBuilder().name("bench-" + name).brokerDispatch(false).build();
            FpmConnectionFactory factory = new FpmConnectionFactory(appConfig);
            try (ArtemisDispatcher dispatcher = ArtemisDispatcher.start(dispatcherConfig)) {
                return JmsLoop.run(name, options, probe, factory, FpmJmsScenarios.QUEUE, deliveryMode, size, options.window());
            } finally {
                factory.shutdown();
            }
        } finally {
            server.stop();
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
