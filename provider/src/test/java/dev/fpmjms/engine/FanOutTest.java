package dev.fpmjms.engine;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.FullQueuePolicy;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.config.SubscriptionId;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.gateway.DeliveryOutcome;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out to PHP in the local engine: subscriptions served by routes
 * ({@code subscription.<topic>.<name>}) get every publish from engine start, are served like
 * worker queues (retries, dead letters, replies to JMSReplyTo, dropped otherwise) and keep their
 * persistent messages across a restart.
 */
@Timeout(60)
class FanOutTest {
    private static final String MAIL = "order.created::mail";
    private static final String INVOICE = "order.created::invoice";
    private static final DestinationRef TOPIC = DestinationRef.topic("order.created");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RetryPolicy TWO_FAST_ATTEMPTS =
            new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0, false);

    private final FanOutGateways php = new FanOutGateways();
    private final List<FpmEngine> engines = new ArrayList<>();

    @TempDir
    Path dataDir;

    private FpmConfig config(String name, boolean stored) {
        FpmConfig.Builder b = FpmConfig.builder().name(name)
                .subscription(route(MAIL))
                .subscription(route(INVOICE))
                .localQueue("results").maxQueueMessages(1000).fullQueuePolicy(FullQueuePolicy.FAIL)
                .route(FpmRoute.builder(FpmRoute.ANY_QUEUE).endpoint("/run/fake.sock").script("/srv/any.php").build());
        return (stored ? b.dataDirectory(dataDir) : b).build();
    }

    private static FpmRoute route(String queue) {
        return FpmRoute.builder(queue).endpoint("/run/fake.sock").script("/srv/" + queue.substring(15) + ".php")
                .retryPolicy(TWO_FAST_ATTEMPTS).build();
    }

    private FpmEngine engine(FpmConfig config) {
        FpmEngine engine = new EngineRegistry().engine(config, c -> php);
        engines.add(engine);
        return engine;
    }

    @AfterEach
    void shutdown() {
        engines.forEach(FpmEngine::shutdown);
    }

    private static FpmEnvelope event(FpmEngine engine, String body, DestinationRef replyTo) {
        return FpmEnvelope.builder(TOPIC).messageId(engine.newMessageId()).replyTo(replyTo)
                .body(BodyType.TEXT, body).build();
    }

    private static FpmEnvelope take(FpmEngine engine, DestinationRef from) throws Exception {
        try (Subscription s = engine.consumerQueue(from).subscribe(null, null)) {
            Delivery d = s.take(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(d, "a message on " + from);
            d.acknowledge();
            return d.envelope();
        }
    }

    @Test
    void onePublishReachesEachPhpSubscriptionAndAJavaSubscriber() throws Exception {
        FpmEngine engine = engine(config("fan-out-" + UUID.randomUUID(), false));
        TopicSubscription java = engine.subscribe(new SubscriptionSpec(SubscriptionKind.NON_DURABLE, null, null, TOPIC,
                null, null, false, "java"));
        engine.send(event(engine, "order 7", DestinationRef.queue("results")));

        Await.until("both PHP subscriptions got the event", WAIT,
                () -> php.seen(MAIL).size() == 1 && php.seen(INVOICE).size() == 1);
        FpmEnvelope toMail = php.seen(MAIL).get(0);
        assertEquals(TOPIC, toMail.destination(), "PHP sees the topic as JMSDestination");
        assertEquals("order 7", toMail.body());
        Set<String> replies = new TreeSet<>();
        replies.add((String) take(engine, DestinationRef.queue("results")).body());
        replies.add((String) take(engine, DestinationRef.queue("results")).body());
        assertEquals(Set.of(INVOICE + ":order 7", MAIL + ":order 7"), replies, "one reply per subscription, on JMSReplyTo");
        Delivery d = java.queue().subscribe(null, null).poll();
        assertNotNull(d, "the Java subscriber has its copy");
        assertEquals("order 7", d.envelope().body());
    }

    @Test
    void theSubscriptionsExistFromEngineStartAndTheirRepliesWithoutJmsReplyToAreDropped() throws Exception {
        FpmEngine engine = engine(config("fan-out-" + UUID.randomUUID(), false));
        engine.send(event(engine, "before any consumer", null));
        Await.until("both PHP subscriptions got the event", WAIT,
                () -> php.seen(MAIL).size() == 1 && php.seen(INVOICE).size() == 1);
        assertTrue(engine.awaitDispatched(WAIT), "settled");
        assertEquals(0, engine.deadLetterQueue().size(), "a success without JMSReplyTo is no dead letter");
        assertEquals(0, engine.consumerQueue(DestinationRef.queue("results")).size());
        UnknownDestinationException noSide = assertThrows(UnknownDestinationException.class,
                () -> engine.consumerQueue(DestinationRef.queue(MAIL)), "a subscription has no reply side that consumers could read");
        assertTrue(noSide.getMessage().contains("publish to its topic"), noSide.getMessage());
    }

    @Test
    void aFailingSubscriptionIsRetriedThenDeadLetteredAndRedeliveredToItAlone() throws Exception {
        FpmEngine engine = engine(config("fan-out-" + UUID.randomUUID(), false));
        php.rule = (q, e) -> q.equals(MAIL) ? DeliveryOutcome.workerFailure("mail server down") : null;
        engine.send(event(engine, "order 8", null));

        FpmEnvelope dead = take(engine, DestinationRef.queue("DLQ"));
        assertEquals(MAIL, dead.properties().get(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION));
        assertEquals(2, dead.properties().get(ProviderProperties.JMS_FPM_ATTEMPTS), "the route's retry policy");
        assertEquals(2, php.seen(MAIL).size());
        assertEquals(1, php.seen(INVOICE).size(), "the other subscription succeeded once");

    }

    @Test
    void deadLettersGoBackToTheirSubscription() throws Exception {
        FpmEngine engine = engine(config("fan-out-" + UUID.randomUUID(), false));
        php.rule = (q, e) -> q.equals(MAIL) ? DeliveryOutcome.rejected("bad address") : null;
        engine.send(event(engine, "order 9", null));
        Await.until("dead-lettered", WAIT, () -> engine.deadLetterQueue().size() == 1);
        php.rule = (q, e) -> null;

        assertEquals(1, engine.redeliverDeadLetters(MAIL, 10));
        Await.until("served again by mail only", WAIT, () -> php.seen(MAIL).size() == 2);
        FpmEnvelope again = php.seen(MAIL).get(1);
        assertEquals(TOPIC, again.destination(), "still addressed to its topic");
        assertEquals("order 9", again.body());
        assertEquals(1, php.seen(INVOICE).size(), "the other subscription is not served twice");
    }

    @Test
    void javaMayNeitherConsumeNorUnsubscribeASubscriptionThatPhpServes() {
        FpmEngine engine = engine(config("fan-out-" + UUID.randomUUID(), false));
        SubscriptionConflictException e = assertThrows(SubscriptionConflictException.class,
                () -> engine.subscribe(new SubscriptionSpec(SubscriptionKind.SHARED_DURABLE, null, "mail", TOPIC,
                        null, null, false, "java")));
        assertTrue(e.getMessage().contains("subscription.order.created.mail"), e.getMessage());
        IllegalStateException u = assertThrows(IllegalStateException.class, () -> engine.unsubscribe(null, "mail"));
        assertTrue(u.getMessage().contains("served by PHP"), u.getMessage());
    }

    @Test
    void persistentMessagesOfASubscriptionSurviveARestart() throws Exception {
        String name = "fan-out-stored-" + UUID.randomUUID();
        php.rule = (q, e) -> DeliveryOutcome.notDelivered("php-fpm is down (test)");
        FpmEngine first = engine(config(name, true));
        for (int i = 0; i < 5; i++) {
            first.send(event(first, "stored " + i, null));
        }
        first.shutdown();

        php.rule = (q, e) -> null;
        FpmEngine second = engine(config(name, true));
        Await.until("every stored message served by both subscriptions", WAIT,
                () -> php.seen(MAIL).size() == 5 && php.seen(INVOICE).size() == 5);
        Set<Object> bodies = new TreeSet<>();
        php.seen(MAIL).forEach(e -> bodies.add(e.body()));
        assertEquals(Set.of("stored 0", "stored 1", "stored 2", "stored 3", "stored 4"), bodies);
        assertTrue(second.awaitDispatched(WAIT));
        assertNull(second.deadLetterQueue().subscribe(null, null).poll());
        assertEquals(new SubscriptionId("order.created", "mail").queueName(), MAIL);
    }
}
