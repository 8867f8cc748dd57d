package dev.fpmjms.examples;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * The README demo: plain JMS 2.0 code sends greeting requests to the queue {@code greetings},
 * whose messages are served by a PHP script ({@code php/greet.php}) under an embedded php-fpm,
 * and prints the replies.
 *
 * <p>Run it with {@code bash scripts/demo.sh}.
 */
public final class Demo {
    /** The worker queue. */
    public static final String QUEUE = "greetings";

    /** Whom the demo greets, and in which language. */
    public record Person(String name, String language) {
    }

    /** One worker reply: the greeting, the worker's status and its time in PHP. */
    public record Greeting(String text, String language, int status, long workerMillis) {
    }

    /** The people {@link #main} greets. */
    public static final List<Person> PEOPLE = List.of(
            new Person("Ada", "en"), new Person("Marie", "fr"), new Person("Emmy", "de"),
            new Person("Frida", "es"), new Person("Grace", "en"));

    private Demo() {
    }

    /** The demo's configuration: the queue {@value #QUEUE} served by {@code greet.php} on an embedded php-fpm. */
    public static FpmConfig config(String name) {
        return FpmConfig.builder()
                .name(name)
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .route(FpmRoute.builder(QUEUE)
                        .endpoint(FpmRoute.EMBEDDED)
                        .script(PhpWorkers.install("greet.php").toString())
                        .build())
                .build();
    }

    /**
     * Sends one request per person with a temporary reply queue and waits for every reply.
     * Blocks the calling thread; replies come in the order the workers finish, not the order sent.
     *
     * @throws IllegalStateException when a reply does not come within 30 s
     */
    public static List<Greeting> run(ConnectionFactory factory, List<Person> people) throws JMSException {
        try (JMSContext context = factory.createContext()) {
            Queue greetings = context.createQueue(QUEUE);
            TemporaryQueue replies = context.createTemporaryQueue();
            JMSConsumer consumer = context.createConsumer(replies);
            for (Person person : people) {
                context.createProducer()
                        .setJMSReplyTo(replies)
                        .setProperty("language", person.language())
                        .send(greetings, person.name());
            }
            List<Greeting> greetingsReceived = new ArrayList<>();
            for (int i = 0; i < people.size(); i++) {
                Message reply = consumer.receive(30_000);
                if (reply == null) {
                    throw new IllegalStateException("no reply within 30 s: is php-fpm working? see the log above");
                }
                greetingsReceived.add(new Greeting(reply.getBody(String.class),
                        reply.getStringProperty("language"),
                        reply.getIntProperty("JMS_FPM_STATUS"),
                        reply.getLongProperty("JMS_FPM_WORKER_MILLIS")));
            }
            return greetingsReceived;
        }
    }

    public static void main(String[] args) throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory(config("demo"));
        try {
            for (Person person : PEOPLE) {
                System.out.println("sending:  " + person.name() + " (" + person.language() + ")");
            }
            for (Greeting g : run(factory, PEOPLE)) {
                System.out.printf("received: %s  [status %d, %d ms in PHP]%n", g.text(), g.status(), g.workerMillis());
            }
        } finally {
            factory.shutdown();
        }
    }
}
