package dev.fpmjms.examples;

import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.api.core.SimpleString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The pieces of the broker-mode demo ({@code scripts/artemis-demo.sh}), each run in its own JVM
 * next to two dispatchers ({@code java -jar fpm-jms-artemis.jar dispatcher.properties}):
 * <pre>
 * ArtemisDemo broker                  an ActiveMQ Artemis broker, persistent, on a free port; prints "broker tcp://..."
 * ArtemisDemo send    BROKER N        application instance 1: sends N names to the worker queue "greetings"
 * ArtemisDemo receive BROKER N        application instance 2: prints the N replies PHP wrote
 * </pre>
 * Both application instances use {@link FpmConnectionFactory} with {@code broker=} set and
 * {@code brokerDispatch=false}: they send and consume, the dispatchers deliver to PHP.
 */
public final class ArtemisDemo {
    private static final String[] NAMES = {"Ada", "Grace", "Linus", "Barbara", "Dennis", "Margaret"};
    private static final String[] LANGUAGES = {"en", "fr", "de", "es"};

    private ArtemisDemo() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "broker" -> broker();
            case "send" -> send(args[1], Integer.parseInt(args[2]));
            case "receive" -> receive(args[1], Integer.parseInt(args[2]));
            default -> {
                System.err.println("usage: ArtemisDemo broker | send BROKER N | receive BROKER N");
                System.exit(2);
            }
        }
    }

    /** The application side's configuration: the broker, and the worker queue it declares. */
    private static FpmConnectionFactory factory(String broker) {
        return new FpmConnectionFactory("fpm://?broker=" + broker + "&brokerDispatch=false"
                + "&route.greetings=tcp://127.0.0.1:9|/declared/by/the/application.php");
    }

    private static void broker() throws Exception {
        Path data = Files.createTempDirectory("fpm-jms-artemis-demo-");
        ConfigurationImpl config = new ConfigurationImpl();
        config.setBrokerInstance(data.toFile());
        config.setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setLargeMessagesDirectory(data.resolve("large").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:0")
                .addAddressSetting("#", new AddressSettings().setDeadLetterAddress(SimpleString.of("DLQ")));
        ActiveMQServer server = ActiveMQServers.newActiveMQServer(config, true);
        server.start();
        int port = ((NettyAcceptor) server.getRemotingService().getAcceptor("tcp")).getActualPort();
        System.out.println("broker tcp://127.0.0.1:" + port);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void send(String broker, int n) {
        FpmConnectionFactory factory = factory(broker);
        try (JMSContext context = factory.createContext()) {
            Queue greetings = context.createQueue("greetings");
            for (int i = 0; i < n; i++) {
                String name = NAMES[i % NAMES.length];
                context.createProducer().setProperty("language", LANGUAGES[i % LANGUAGES.length]).send(greetings, name);
            }
            System.out.println("application 1 sent " + n + " requests to 'greetings'");
        } finally {
            factory.shutdown();
        }
    }

    private static void receive(String broker, int n) throws Exception {
        FpmConnectionFactory factory = factory(broker);
        try (JMSContext context = factory.createContext()) {
            JMSConsumer replies = context.createConsumer(context.createQueue("greetings"));
            System.out.println("application 2 is waiting for " + n + " replies on 'greetings'");
            for (int i = 0; i < n; i++) {
                Message reply = replies.receive(60_000);
                if (reply == null) {
                    System.out.println("application 2: no reply within 60 s after " + i);
                    System.exit(1);
                }
                System.out.println("application 2 got: " + reply.getBody(String.class));
            }
        } finally {
            factory.shutdown();
        }
    }
}
