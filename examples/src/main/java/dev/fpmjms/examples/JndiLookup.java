package dev.fpmjms.examples;

import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * Plain JMS code that knows nothing of fpm-jms: it looks up a connection factory and a queue by
 * JNDI name, then sends requests and reads the replies on a temporary queue with the classic
 * JMS 1.1 queue API ({@code QueueConnection}, {@code QueueSender}, {@code QueueReceiver}). The names are
 * bound by {@code dev.fpmjms.jndi.FpmInitialContextFactory}, Artemis/Qpid style: the class path's
 * {@code jndi.properties} names the initial context factory and binds {@code queue.jms/greetings};
 * the environment passed to {@link InitialContext} adds {@code connectionFactory.Greetings}, an
 * fpm URI that routes the queue {@code greetings} to {@code php/greet.php} on an embedded php-fpm.
 *
 * <p>Run it with {@code bash scripts/run-example.sh JndiLookup [name...]}.
 */
public final class JndiLookup {
    /** The JNDI name of the connection factory. */
    public static final String FACTORY_NAME = "Greetings";

    /** The JNDI name of the queue (bound in {@code jndi.properties}). */
    public static final String QUEUE_NAME = "jms/greetings";

    /** How long {@link #run} waits for each reply. */
    static final long REPLY_TIMEOUT_MILLIS = 30_000;

    private JndiLookup() {
    }

    /**
     * The JNDI environment the program adds to {@code jndi.properties}: one connection factory
     * whose fpm URI names the configuration {@code configName} and routes the queue
     * {@code greetings} to the demo worker on the embedded php-fpm.
     */
    public static Hashtable<String, String> environment(String configName) {
        String script = PhpWorkers.install("greet.php").toString();
        Hashtable<String, String> env = new Hashtable<>();
        env.put("connectionFactory." + FACTORY_NAME,
                "fpm://?name=" + uriValue(configName) + "&route.greetings=embedded|" + uriValue(script));
        return env;
    }

    /**
     * Looks up {@value #FACTORY_NAME} and {@value #QUEUE_NAME} in {@code naming} and sends one
     * request per name, each answered on a temporary queue before the next is sent. Blocks the
     * caller.
     *
     * @return the replies' texts, in the order of {@code names}
     * @throws IllegalStateException when a reply does not come within 30 s
     */
    public static List<String> run(Context naming, List<String> names) throws NamingException, JMSException {
        QueueConnectionFactory factory = (QueueConnectionFactory) naming.lookup(FACTORY_NAME);
        Queue queue = (Queue) naming.lookup(QUEUE_NAME);
        QueueConnection connection = factory.createQueueConnection();
        try {
            connection.start();
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            // What QueueRequestor does, but with a receive timeout: request() would wait forever
            // if the worker failed and the request went to the dead-letter queue.
            TemporaryQueue replyTo = session.createTemporaryQueue();
            QueueReceiver replies = session.createReceiver(replyTo);
            QueueSender sender = session.createSender(queue);
            List<String> texts = new ArrayList<>();
            for (String name : names) {
                TextMessage request = session.createTextMessage(name);
                request.setJMSReplyTo(replyTo);
                sender.send(request);
                TextMessage reply = (TextMessage) replies.receive(REPLY_TIMEOUT_MILLIS);
                if (reply == null) {
                    throw new IllegalStateException("no reply for " + name + " within " + REPLY_TIMEOUT_MILLIS + " ms");
                }
                texts.add(reply.getText());
            }
            return texts;
        } finally {
            connection.close();
        }
    }

    /** Percent-encodes what an fpm URI value cannot hold as is ({@code % & # space}, see docs/configuration.md). */
    static String uriValue(String s) {
        return s.replace("%", "%25").replace("&", "%26").replace("#", "%23").replace(" ", "%20");
    }

    public static void main(String[] args) throws Exception {
        List<String> names = args.length > 0 ? List.of(args) : List.of("Ada", "Grace", "Barbara");
        Context naming = new InitialContext(environment("jndi-lookup"));
        try {
            for (String reply : run(naming, names)) {
                System.out.println("received: " + reply);
            }
        } finally {
            ((FpmConnectionFactory) naming.lookup(FACTORY_NAME)).shutdown();
            naming.close();
        }
    }
}
