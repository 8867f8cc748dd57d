package dev.fpmjms.faults;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.envelope.ProviderProperties;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One application instance on a shared php-fpm pool: an engine of its own (a configuration named
 * after the tenant, default sharing settings) with the route {@value #QUEUE} to the pool's echo
 * worker. {@link #run} sends a burst of messages (each asking the echo to sleep a while), then
 * receives the replies; every reply must arrive within {@code bound} of its own send. Runs in the
 * test's JVM or in a child JVM ({@link #main}), which keeps its engine alive until its stdin ends.
 *
 * <p>Usage: {@code PoolTenant <name> <endpoint> <echoScript> <messages> <sleepMs> <boundMs> <readTimeoutMs> <maxAttempts>}
 */
public final class PoolTenant {
    static final String QUEUE = "work";
    private static final String SENT_AT = "sentAtMs";

    /** What one run came to; {@link #line()} and {@link #parse} carry it over a child's stdout. */
    record Result(String name, int sent, int replied, int deadLettered, int redelivered, long maxLatencyMillis) {
        private static final Pattern LINE = Pattern.compile(
                "tenant name=(\\S+) sent=(\\d+) replied=(\\d+) dead=(\\d+) redelivered=(\\d+) maxLatencyMs=(\\d+)");

        String line() {
            return String.format(Locale.ROOT, "tenant name=%s sent=%d replied=%d dead=%d redelivered=%d maxLatencyMs=%d",
                    name, sent, replied, deadLettered, redelivered, maxLatencyMillis);
        }

        static Result parse(String line) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a tenant result: " + line);
            }
            return new Result(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Long.parseLong(m.group(6)));
        }
    }

    private PoolTenant() {
    }

    /** A configuration named after the tenant: the route {@value #QUEUE}, 4 in flight, default sharing. */
    static FpmConfig config(String name, String endpoint, String echoScript, Duration readTimeout, int maxAttempts) {
        return FpmConfig.builder().name(name)
                .route(FpmRoute.builder(QUEUE).endpoint(endpoint).script(echoScript).maxInFlight(4)
                        .readTimeout(readTimeout)
                        .retryPolicy(new RetryPolicy(maxAttempts, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.0, false))
                        .build())
                .build();
    }

    /**
     * Sends {@code messages} NON_PERSISTENT messages at once, then receives replies until all are in
     * or {@code bound} has passed since the last send; then counts the dead letters.
     */
    static Result run(FpmConnectionFactory factory, FpmConfig config, int messages, int sleepMs, Duration bound)
            throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            MessageConsumer replies = session.createConsumer(session.createQueue(QUEUE));
            long lastSend = 0;
            for (int i = 0; i < messages; i++) {
                TextMessage m = session.createTextMessage(config.name() + " " + i);
                m.setIntProperty("fpmjms_echo_sleep_ms", sleepMs);
                lastSend = System.currentTimeMillis();
                m.setLongProperty(SENT_AT, lastSend);
                producer.send(m);
            }
            int replied = 0;
            int redelivered = 0;
            long maxLatency = 0;
            long deadline = lastSend + bound.toMillis();
            while (replied < messages) {
                long left = deadline - System.currentTimeMillis();
                Message reply = left > 0 ? replies.receive(left) : null;
                if (reply == null) {
                    break;
                }
                replied++;
                maxLatency = Math.max(maxLatency, System.currentTimeMillis() - reply.getLongProperty(SENT_AT));
                if (reply.getIntProperty(ProviderProperties.JMS_FPM_ATTEMPTS) != 1) {
                    redelivered++;
                }
            }
            int dead;
            try (QueueBrowser browser = session.createBrowser(session.createQueue(config.deadLetterQueue()))) {
                dead = Collections.list(browser.getEnumeration()).size();
            }
            return new Result(config.name(), messages, replied, dead, redelivered, maxLatency);
        }
    }

    public static void main(String[] args) throws Exception {
        FpmConfig config = config(args[0], args[1], args[2], Duration.ofMillis(Long.parseLong(args[6])),
                Integer.parseInt(args[7]));
        FpmConnectionFactory factory = new FpmConnectionFactory(config);
        try {
            Result r = run(factory, config, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Duration.ofMillis(Long.parseLong(args[5])));
            System.out.println(r.line());
            System.out.flush();
            // The engine stays up, as an application instance would, until the parent lets go.
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            while (in.readLine() != null) {
                // wait for end of input
            }
        } finally {
            factory.shutdown();
        }
    }
}
