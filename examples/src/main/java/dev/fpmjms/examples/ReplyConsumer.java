package dev.fpmjms.examples;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Consumers on the worker queue itself, with the JMS 2.0 {@link JMSContext} API: payments go to
 * the queue {@code checks} without a JMSReplyTo, so the PHP worker's replies
 * ({@code php/check.php}) land on that same queue, where a {@link MessageListener} with the
 * selector {@value #ALERT_SELECTOR} receives only the replies the worker marked high risk. A second
 * listener with the opposite selector takes the rest, so the program knows when every payment has
 * been checked.
 *
 * <p>Run it with {@code bash scripts/run-example.sh ReplyConsumer}.
 */
public final class ReplyConsumer {
    /** The worker queue. */
    public static final String QUEUE = "checks";

    /** Selects the replies the worker scored high risk (it sets the property {@code risk}). */
    public static final String ALERT_SELECTOR = "risk = 'high'";

    /** Selects every other reply. */
    public static final String CLEARED_SELECTOR = "risk <> 'high'";

    /** A payment to check. */
    public record Payment(String id, long amountCents, String country) {
    }

    /** The worker's verdict on one payment, as a listener read it from the reply. */
    public record Verdict(String paymentId, String risk, int score, String reason) {
    }

    /** What each listener received. */
    public record Result(List<Verdict> alerts, List<Verdict> cleared) {
    }

    /** The payments {@link #main} checks. */
    public static final List<Payment> PAYMENTS = List.of(
            new Payment("p-1", 4_999, "DE"),
            new Payment("p-2", 250_000, "FR"),
            new Payment("p-3", 1_200, "US"),
            new Payment("p-4", 8_000, "NL"),
            new Payment("p-5", 999_999, "BR"),
            new Payment("p-6", 1_500, "AT"));

    private ReplyConsumer() {
    }

    /** The queue {@value #QUEUE} served by {@code check.php} on an embedded php-fpm. */
    public static FpmConfig config(String name) {
        return FpmConfig.builder()
                .name(name)
                .embeddedFpm(EmbeddedFpmSettings.DEFAULT)
                .route(FpmRoute.builder(QUEUE)
                        .endpoint(FpmRoute.EMBEDDED)
                        .script(PhpWorkers.install("check.php").toString())
                        .build())
                .build();
    }

    /**
     * Registers both listeners, sends every payment and waits until the listeners have received
     * one reply per payment. Listeners run on the context's delivery thread; the caller blocks.
     *
     * @throws IllegalStateException when the replies do not all come within {@code timeout}, or a
     *                               listener could not read one
     */
    public static Result run(ConnectionFactory factory, List<Payment> payments, Duration timeout)
            throws InterruptedException {
        List<Verdict> alerts = Collections.synchronizedList(new ArrayList<>());
        List<Verdict> cleared = Collections.synchronizedList(new ArrayList<>());
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allChecked = new CountDownLatch(payments.size());
        try (JMSContext context = factory.createContext()) {
            Queue checks = context.createQueue(QUEUE);
            JMSConsumer alertConsumer = context.createConsumer(checks, ALERT_SELECTOR);
            alertConsumer.setMessageListener(collectInto(alerts, failures, allChecked));
            JMSConsumer clearedConsumer = context.createConsumer(checks, CLEARED_SELECTOR);
            clearedConsumer.setMessageListener(collectInto(cleared, failures, allChecked));

            JMSProducer producer = context.createProducer();
            for (Payment p : payments) {
                producer.setProperty("amountCents", p.amountCents())
                        .setProperty("country", p.country())
                        .send(checks, p.id());
            }
            if (!allChecked.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(allChecked.getCount() + " of " + payments.size()
                        + " payments not checked within " + timeout);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("a listener could not read a reply");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return new Result(List.copyOf(alerts), List.copyOf(cleared));
    }

    private static MessageListener collectInto(List<Verdict> verdicts, List<Exception> failures, CountDownLatch done) {
        return message -> {
            try {
                verdicts.add(verdictOf(message));
            } catch (JMSException | RuntimeException e) {
                failures.add(e);
            } finally {
                done.countDown();
            }
        };
    }

    private static Verdict verdictOf(Message reply) throws JMSException {
        return new Verdict(reply.getBody(String.class), reply.getStringProperty("risk"),
                reply.getIntProperty("score"), reply.getStringProperty("reason"));
    }

    public static void main(String[] args) throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory(config("reply-consumer"));
        try {
            Result result = run(factory, PAYMENTS, Duration.ofSeconds(30));
            for (Verdict v : result.alerts()) {
                System.out.printf("ALERT   %s  score %3d  (%s)%n", v.paymentId(), v.score(), v.reason());
            }
            for (Verdict v : result.cleared()) {
                System.out.printf("cleared %s  score %3d%n", v.paymentId(), v.score());
            }
        } finally {
            factory.shutdown();
        }
    }
}
