package dev.fpmjms.examples;

import dev.fpmjms.examples.ReplyConsumer.Payment;
import dev.fpmjms.examples.ReplyConsumer.Result;
import dev.fpmjms.examples.ReplyConsumer.Verdict;
import dev.fpmjms.jms.FpmConnectionFactory;
import jakarta.jms.JMSContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Listeners with selectors on the worker queue, reading the PHP worker's replies. */
@Timeout(60)
class ReplyConsumerIT {
    private static final Set<String> HOME = Set.of("DE", "FR", "NL", "BE", "AT");

    @Test
    void theAlertListenerGetsOnlyHighRiskReplies() throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory(ReplyConsumer.config("ReplyConsumerIT-selectors"));
        try {
            List<Payment> payments = new ArrayList<>(ReplyConsumer.PAYMENTS);
            String[] countries = {"DE", "US", "FR", "JP", "NL"};
            for (int i = 0; i < 24; i++) {
                payments.add(new Payment("q-" + i, (i % 3 == 0) ? 150_000 + i : 1_000 + i, countries[i % countries.length]));
            }
            Set<String> expectedAlerts = payments.stream()
                    .filter(p -> p.amountCents() > 100_000 || !HOME.contains(p.country()))
                    .map(Payment::id).collect(Collectors.toSet());

            Result result = ReplyConsumer.run(factory, payments, Duration.ofSeconds(40));

            assertEquals(expectedAlerts, ids(result.alerts()));
            assertEquals(Set.of("high"), result.alerts().stream().map(Verdict::risk).collect(Collectors.toSet()),
                    "the selector delivers only replies the worker marked high");
            assertEquals(Set.of("low"), result.cleared().stream().map(Verdict::risk).collect(Collectors.toSet()));
            assertEquals(payments.size(), result.alerts().size() + result.cleared().size(), "each reply exactly once");
            assertEquals(payments.stream().map(Payment::id).collect(Collectors.toSet()),
                    union(ids(result.alerts()), ids(result.cleared())));
            Verdict p5 = result.alerts().stream().filter(v -> v.paymentId().equals("p-5")).findFirst().orElseThrow();
            assertEquals(110, p5.score());
            assertEquals("large amount, foreign country BR", p5.reason());

            try (JMSContext context = factory.createContext()) {
                assertNull(context.createConsumer(context.createQueue(ReplyConsumer.QUEUE)).receiveNoWait(),
                        "no reply is left on the worker queue");
            }
        } finally {
            factory.shutdown();
        }
    }

    private static Set<String> ids(List<Verdict> verdicts) {
        return verdicts.stream().map(Verdict::paymentId).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
