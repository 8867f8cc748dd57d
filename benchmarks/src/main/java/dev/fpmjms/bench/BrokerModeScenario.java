package dev.fpmjms.bench;

import dev.fpmjms.artemis.ArtemisDispatcher;
import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.ReplyPolicy;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.DeliveryMode;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
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
        try (EchoPool pool = EchoPool.start(options.children())) {
            return withBroker(name, pool, options, factory ->
                    JmsLoop.run(name, options, probe, factory, FpmJmsScenarios.QUEUE, deliveryMode, size, options.window()));
        }
    }

    /**
     * Broker mode end to end NON_PERSISTENT and embedded mode end to end NON_PERSISTENT taking
     * turns in short slices ({@link AlternatingLoop}) on one pool of 2 x children (each side keeps
     * {@code children} connections alive), so that their ratio comes from the same seconds.
     *
     * @param alsoReport takes the embedded side's result ({@code embeddedName}); the broker one is returned
     */
    static ScenarioResult alternating(String name, String embeddedName, BenchOptions options, HeapProbe probe, int size,
                                      Consumer<ScenarioResult> alsoReport) throws Exception {
        try (EchoPool pool = EchoPool.start(2 * options.children())) {
            return withBroker(name, pool, options, brokerFactory ->
                    FpmJmsScenarios.withFactory(embeddedName, pool, options, ReplyPolicy.KEEP, 100_000, (embedded, config) -> {
                        try (JmsLoop.Loop broker = JmsLoop.Loop.open(brokerFactory, FpmJmsScenarios.QUEUE,
                                DeliveryMode.NON_PERSISTENT, size, false);
                             JmsLoop.Loop local = JmsLoop.Loop.open(embedded, FpmJmsScenarios.QUEUE,
                                     DeliveryMode.NON_PERSISTENT, size, false)) {
                            return FpmJmsScenarios.firstReportingSecond(AlternatingLoop.run(name, broker, embeddedName, local,
                                    options, options.window(), probe), alsoReport);
                        }
                    }));
        }
    }

    /** What a scenario does with the application's factory {@link #withBroker} gives it. */
    @FunctionalInterface
    private interface BrokerBody {
        ScenarioResult run(FpmConnectionFactory factory) throws Exception;
    }

    /**
     * Runs {@code body} with a broker in this JVM, a dispatcher serving {@value FpmJmsScenarios#QUEUE}
     * to {@code pool}'s echo worker ({@code maxInFlight = children}) and an application factory;
     * then stops them and deletes the journal.
     */
    private static ScenarioResult withBroker(String name, EchoPool pool, BenchOptions options, BrokerBody body)
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
        try {
            server.start();
            String url = "tcp://127.0.0.1:" + ((NettyAcceptor) server.getRemotingService().getAcceptor("tcp")).getActualPort();
            FpmRoute route = FpmRoute.builder(FpmJmsScenarios.QUEUE).endpoint(pool.endpointString())
                    .script(pool.builtinEcho().toString()).maxInFlight(options.children()).build();
            FpmConfig dispatcherConfig = FpmConfig.builder().name("bench-" + name + "-dispatcher")
                    .broker(BrokerSettings.of(url)).route(route).build();
            FpmConfig appConfig = dispatcherConfig.toBuilder().name("bench-" + name).brokerDispatch(false).build();
            FpmConnectionFactory factory = new FpmConnectionFactory(appConfig);
            try (ArtemisDispatcher dispatcher = ArtemisDispatcher.start(dispatcherConfig)) {
                return body.run(factory);
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
