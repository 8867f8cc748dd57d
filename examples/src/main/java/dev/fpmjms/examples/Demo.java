package dev.fpmjms.examples;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import java.util.List;

/**
 * The README demo: plain JMS 2.0 code sends greetings requests to the queue {@code greetings},
 * whose messages are served by a PHP script under an embedded php-fpm, and prints the replies.
 *
 * <p>Run it with {@code bash scripts/demo.sh}.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        FpmConfig config = FpmConfig.builder()
                .name("demo")
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .route(FpmRoute.builder("greetings")
                        .endpoint(FpmRoute.EMBEDDED)
                        .script(PhpWorkers.install("greet.php").toString())
                        .build())
                .build();
        FpmConnectionFactory factory = new FpmConnectionFactory(config);
        List<String[]> people = List.of(
                new String[]{"Ada", "en"}, new String[]{"Marie", "fr"},
                new String[]{"Emmy", "de"}, new String[]{"Frida", "es"}, new String[]{"Grace", "en"});
        try (JMSContext context = factory.createContext()) {
            Queue greetings = context.createQueue("greetings");
            TemporaryQueue replies = context.createTemporaryQueue();
            JMSConsumer consumer = context.createConsumer(replies);
            for (String[] person : people) {
                context.createProducer()
                        .setJMSReplyTo(replies)
                        .setProperty("language", person[1])
                        .send(greetings, person[0]);
                System.out.println("sent:     " + person[0] + " (" + person[1] + ")");
            }
            for (int i = 0; i < people.size(); i++) {
                Message reply = consumer.receive(30_000);
                if (reply == null) {
                    throw new IllegalStateException("no reply within 30 s: is php-fpm working? see the log above");
                }
                System.out.printf("received: %s  [status %d, %d ms in PHP]%n",
                        ((TextMessage) reply).getText(),
                        reply.getIntProperty("JMS_FPM_STATUS"),
                        reply.getLongProperty("JMS_FPM_WORKER_MILLIS"));
            }
        } finally {
            factory.shutdown();
        }
    }
}
