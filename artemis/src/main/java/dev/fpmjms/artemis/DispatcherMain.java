package dev.fpmjms.artemis;

import dev.fpmjms.admin.DeadLetterJmx;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmConfigParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * A dispatcher on its own, next to a PHP pool:
 * {@code java -jar fpm-jms-artemis.jar dispatcher.properties}. The file holds fpm-jms settings
 * ({@code docs/configuration.md}, keys bare or under {@code fpmjms.}): {@code broker} and the
 * routes to serve. Runs until the JVM is stopped; on SIGTERM the requests in hand are settled
 * first. Prints {@value #READY} and the served queues once it dispatches. The broker's dead letters
 * are in JMX as {@code dev.fpmjms:type=DeadLetters,engine=<name>} ({@link BrokerDeadLetters}), so
 * {@code fpm-jms dlq ... --pid} reaches them through this process.
 */
public final class DispatcherMain {
    /** The line printed on standard output once the dispatcher serves its queues. */
    public static final String READY = "fpm-jms dispatcher ready:";
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherMain.class);

    private DispatcherMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar fpm-jms-artemis.jar <dispatcher.properties>");
            System.exit(2);
        }
        FpmConfig config;
        try {
            config = read(Path.of(args[0]));
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("fpm-jms dispatcher: " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        ArtemisDispatcher dispatcher = ArtemisDispatcher.start(config);
        BrokerDeadLetters deadLetters = BrokerDeadLetters.of(config.name(), config.broker(), config.deadLetterQueue());
        Runnable unregister = DeadLetterJmx.register(config.name(), deadLetters);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: settling the requests in hand");
            unregister.run();
            deadLetters.close();
            dispatcher.close();
            stopped.countDown();
        }, "fpm-dispatcher-shutdown"));
        System.out.println(READY + " " + dispatcher.servedQueues() + " from " + config.broker().urls());
        System.out.flush();
        stopped.await();
    }

    /**
     * The configuration in a properties file.
     *
     * @throws IllegalArgumentException naming the setting that is wrong, or when {@code broker} is missing
     */
    static FpmConfig read(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        }
        FpmConfig config = FpmConfigParser.fromProperties(props);
        if (config.broker() == null) {
            throw new IllegalArgumentException("the setting 'broker' is missing (e.g. broker=tcp://localhost:61616)");
        }
        if (config.routes().isEmpty() && config.subscriptions().isEmpty()) {
            throw new IllegalArgumentException("no route to serve: add route.<queue>=ENDPOINTS|SCRIPT"
                    + " or subscription.<topic>.<name>=ENDPOINTS|SCRIPT"
                    + (config.defaultRoute() != null ? " (the default route route.* serves no named queue on its own)" : ""));
        }
        return config;
    }
}
