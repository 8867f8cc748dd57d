package dev.fpmjms.config;

import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.jndi.FpmInitialContextFactory;
import org.junit.jupiter.api.Test;

import javax.naming.Context;
import javax.naming.InitialContext;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code subscription.<topic>.<name>=ENDPOINTS|SCRIPT} and its options in every form (URI,
 * Properties, the JavaBean settings string, JNDI), the canonical URI, and each bad value named.
 */
class SubscriptionSettingsTest {
    private static final String MAIL = "unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php";
    private static final String INVOICE = "tcp://10.0.0.7:9000|/srv/app/invoice.php";

    /** What every form below describes. */
    private static FpmConfig expected() {
        return FpmConfig.builder()
                .subscription(FpmRoute.builder("order.created::mail").endpoint("unix:/run/php/php8.2-fpm.sock")
                        .script("/srv/app/mail.php").maxInFlight(2)
                        .retryPolicy(new RetryPolicy(5, RetryPolicy.DEFAULT.initialBackoff(), RetryPolicy.DEFAULT.maxBackoff(),
                                RetryPolicy.DEFAULT.multiplier(), RetryPolicy.DEFAULT.jitter(), false))
                        .failureReplies(false).param("APP_ENV", "prod").build())
                .subscription(FpmRoute.builder("order.created::invoice").endpoint("tcp://10.0.0.7:9000")
                        .script("/srv/app/invoice.php").build())
                .build();
    }

    private static final String URI = "fpm://?subscription.order.created.mail=" + MAIL
            + "&subscription.order.created.mail.maxInFlight=2&subscription.order.created.mail.retry.maxAttempts=5"
            + "&subscription.order.created.mail.failureReplies=false&subscription.order.created.mail.param.APP_ENV=prod"
            + "&subscription.order.created.invoice=" + INVOICE;

    @Test
    void everyFormReadsTheSameSubscriptions() throws Exception {
        FpmConfig c = FpmConfigParser.parseUri(URI);
        assertEquals(expected(), c);
        assertEquals(new SubscriptionId("order.created", "mail"),
                SubscriptionId.ofQueueName(c.subscriptions().keySet().iterator().next()));

        Properties p = new Properties();
        p.setProperty("fpmjms.subscription.order.created.mail", MAIL);
        p.setProperty("fpmjms.subscription.order.created.mail.maxInFlight", "2");
        p.setProperty("subscription.order.created.mail.retry.maxAttempts", "5");
        p.setProperty("subscription.order.created.mail.failureReplies", "false");
        p.setProperty("subscription.order.created.mail.param.APP_ENV", "prod");
        p.setProperty("subscription.order.created.invoice", INVOICE);
        assertEquals(expected().subscriptions(), FpmConfigParser.fromProperties(p).subscriptions());

        FpmConnectionFactory bean = new FpmConnectionFactory();
        bean.setProperties("subscription.order.created.mail=" + MAIL + "; subscription.order.created.mail.maxInFlight=2;"
                + " subscription.order.created.mail.retry.maxAttempts=5; subscription.order.created.mail.failureReplies=false;"
                + "subscription.order.created.mail.param.APP_ENV=prod\nsubscription.order.created.invoice=" + INVOICE);
        assertEquals(expected().subscriptions(), bean.getConfig().subscriptions());

        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, FpmInitialContextFactory.class.getName());
        env.put("connectionFactory.Events", URI);
        InitialContext ctx = new InitialContext(env);
        try {
            assertEquals(expected(), ((FpmConnectionFactory) ctx.lookup("Events")).getConfig());
        } finally {
            ctx.close();
        }
    }

    @Test
    void theCanonicalUriWritesSubscriptionsAndReadsBack() {
        String uri = FpmConfigParser.toUri(expected());
        assertTrue(uri.contains("subscription.order.created.mail=unix:/run/php/php8.2-fpm.sock|/srv/app/mail.php"), uri);
        assertTrue(uri.contains("subscription.order.created.mail.maxInFlight=2"), uri);
        assertEquals(expected(), FpmConfigParser.parseUri(uri));
        // a dot in the subscription name, a topic that ends like an option
        FpmConfig awkward = FpmConfig.builder()
                .subscription(FpmRoute.builder("orders.script::mail.v2").endpoint("h:1").script("/m.php").build())
                .subscription(FpmRoute.builder("a%b::c&d").endpoint("h:1").script("/m.php").readTimeout(Duration.ofSeconds(3)).build())
                .build();
        String awkwardUri = FpmConfigParser.toUri(awkward);
        assertTrue(awkwardUri.contains("mail%2Ev2"), awkwardUri);
        assertEquals(awkward, FpmConfigParser.parseUri(awkwardUri));
    }

    @Test
    void badSubscriptionsAreNamed() {
        String noName = error("fpm:?subscription.orders=" + MAIL);
        assertTrue(noName.contains("'subscription.orders' must name a topic and a subscription"), noName);

        String incomplete = error("fpm:?subscription.order.created.mail.maxInFlight=2");
        assertTrue(incomplete.contains("subscription 'mail' of topic 'order.created' is not defined: add "
                + "subscription.order.created.mail=ENDPOINTS|SCRIPT"), incomplete);

        String twoTopics = error("fpm:?subscription.a.mail=" + MAIL + "&subscription.b.mail=" + MAIL);
        assertTrue(twoTopics.contains("a subscription name used by one topic only") && twoTopics.contains("subscription.a.mail"),
                twoTopics);

        String badValue = error("fpm:?subscription.t.n=" + MAIL + "&subscription.t.n.maxInFlight=0");
        assertTrue(badValue.contains("subscription.t.n.maxInFlight") && badValue.contains("at least 1"), badValue);

        String noScript = error("fpm:?subscription.t.n=unix:/run/php.sock");
        assertTrue(noScript.contains("'subscription.t.n' must be ENDPOINTS|SCRIPT") && noScript.contains("the script is missing"),
                noScript);

        String mistyped = error("fpm:?subscription.t.n=" + MAIL + "&subscription.t.n.maxInflight=3");
        assertTrue(mistyped.contains("did you mean the option subscription.t.n.maxInFlight?"), mistyped);

        String separator = error("fpm:?subscription.a%3A%3Ab.n=" + MAIL);
        assertTrue(separator.contains("without '::'"), separator);

        IllegalArgumentException routeName = assertThrows(IllegalArgumentException.class, () -> FpmConfig.builder()
                .route(FpmRoute.builder("a::b").endpoint("h:1").script("/m.php").build()).build());
        assertTrue(routeName.getMessage().contains("a queue name without '::'"), routeName.getMessage());
    }

    @Test
    void subscriptionsOnTheEmbeddedPhpFpmCountTowardsItsChildren() {
        FpmConfig c = FpmConfigParser.parseUri("fpm:?subscription.t.a=embedded|builtin:echo&subscription.t.b=embedded|builtin:echo"
                + "&subscription.t.a.maxInFlight=2&subscription.t.b.maxInFlight=2");
        assertEquals(EmbeddedFpmSettings.DEFAULT, c.embeddedFpm(), "an embedded subscription switches it on");
        String tooMany = error("fpm:?embeddedFpm.maxChildren=4&subscription.t.a=embedded|builtin:echo"
                + "&subscription.t.b=embedded|builtin:echo&subscription.t.b.maxInFlight=3");
        assertTrue(tooMany.contains("[t::a=4, t::b=3]") && tooMany.contains("at most embeddedFpm.maxChildren (4)"), tooMany);
    }

    private static String error(String uri) {
        return assertThrows(IllegalArgumentException.class, () -> FpmConfigParser.parseUri(uri)).getMessage();
    }
}
