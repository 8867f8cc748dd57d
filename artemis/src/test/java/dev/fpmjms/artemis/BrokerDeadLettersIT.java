package dev.fpmjms.artemis;

import dev.fpmjms.admin.DeadLetter;
import dev.fpmjms.admin.DeadLetterAdmin;
import dev.fpmjms.admin.DeadLetterJmx;
import dev.fpmjms.admin.DeadLetterSelection;
import dev.fpmjms.config.BrokerSettings;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker mode's dead letters through {@code FpmConnectionFactory.deadLetters()} and JMX, on a
 * real Artemis broker and a real php-fpm whose worker answers 500 while a flag file exists: list
 * and show what failed, replay by id and by selector (the replayed request is served by PHP and
 * its reply reaches the requestor), purge, and bad input refused with nothing changed.
 */
@Timeout(180)
class BrokerDeadLettersIT {
    private static final long WAIT_MS = 30_000;
    private static final RetryPolicy ONE_ATTEMPT =
            new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 2.0, 0.0, false);
    /** Fails while the flag file exists, else answers "done:" and the body. */
    private static final String SCRIPT = """
            <?php
            $body = file_get_contents('php://input');
            if (file_exists(__DIR__ . '/broken')) {
                http_response_code(500);
                error_log('invoice ' . $body . ': database is down');
                exit;
            }
            header('Content-Type: text/plain; charset=utf-8');
            echo 'done:' . $body;
            """;

    /** A subscription of topic {@code dlq.orders} served by the route. */
    private static final String SUBSCRIPTION = "dlq.orders::mail";

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static EmbeddedPhpFpm fpm;
    private static Path flag;
    private static FpmConnectionFactory app;
    private static DeadLetterAdmin admin;
    private Connection connection;
    private Session session;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), 0);
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 30, Map.of(), null)).start();
        Path script = fpm.installScript("flaky.php", SCRIPT);
        flag = script.resolveSibling("broken");
        FpmConfig.Builder config = FpmConfig.builder().name("dlq-broker-app").broker(BrokerSettings.of(broker.url()));
        for (String queue : List.of("byid", "byselector", "purged", "jmx", "large")) {
            config.route(FpmRoute.builder(queue).endpoint(fpm.endpointString()).script(script.toString())
                    .maxInFlight(2).retryPolicy(ONE_ATTEMPT).failureReplies(false).build());
        }
        config.subscription(FpmRoute.builder(SUBSCRIPTION).endpoint(fpm.endpointString()).script(script.toString())
                .maxInFlight(1).retryPolicy(ONE_ATTEMPT).failureReplies(false).build());
        app = new FpmConnectionFactory(config.build());
        admin = app.deadLetters();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.shutdown();
        }
        if (fpm != null) {
            fpm.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        connection = app.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Files.writeString(flag, "");
    }

    @AfterEach
    void close() throws Exception {
        Files.deleteIfExists(flag);
        connection.close();
    }

    /** Sends requests {@code bodies} to {@code queue} with a property {@code customer} = index and JMSReplyTo {@code replies}. */
    private List<String> send(String queue, TemporaryQueue replies, String... bodies) throws JMSException {
        MessageProducer p = session.createProducer(session.createQueue(queue));
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            TextMessage m = session.createTextMessage(bodies[i]);
            m.setIntProperty("customer", i);
            m.setJMSReplyTo(replies);
            p.send(m);
            ids.add(m.getJMSMessageID());
        }
        return ids;
    }

    /** The dead letters of {@code queue} once there are {@code n}. */
    private static List<DeadLetter> deadLetters(String queue, int n) {
        await(() -> admin.list(queue, 100).size() >= n, n + " dead letters of '" + queue + "'");
        return admin.list(queue, 100);
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofMillis(WAIT_MS), condition::getAsBoolean);
    }

    /** The replies' bodies once {@code n} have come. */
    private static Set<String> replies(MessageConsumer consumer, int n) throws JMSException {
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Message reply = consumer.receive(WAIT_MS);
            assertNotNull(reply, "reply " + (i + 1) + " of " + n);
            assertFalse(reply.propertyExists("JMS_FPM_FAILURE"), "a success reply");
            bodies.add(((TextMessage) reply).getText());
        }
        return bodies;
    }

    @Test
    void listShowsWhyAndShowTakesTheListedIdAndReplayByIdIsServedByPhp() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        List<String> sent = send("byid", replies, "a1", "a2", "a3");
        List<DeadLetter> letters = deadLetters("byid", 3);

        assertEquals(3, letters.size());
        assertEquals(2, admin.list("byid", 2).size(), "the limit bounds the list");
        for (DeadLetter d : letters) {
            assertEquals("byid", d.workerQueue());
            assertEquals("byid", d.originalDestination());
            assertEquals(500, d.status());
            assertEquals(1, d.attempts());
            assertTrue(d.failure().startsWith("WORKER_FAILURE"), d.failure());
            assertTrue(d.stderr().contains("database is down"), d.stderr());
            assertTrue(d.persistent());
            assertTrue(sent.contains(d.messageId()), "the id the sender saw: " + d.messageId() + " in " + sent);
            assertFalse(d.properties().keySet().stream().anyMatch(k -> k.startsWith("JMS_FPM_")), d.properties().toString());
        }
        DeadLetter one = letters.get(0);
        DeadLetter shown = admin.show(one.messageId());
        assertEquals(one.messageId(), shown.messageId());
        assertEquals(one.body(), shown.body());
        assertEquals("TEXT", shown.bodyType());

        Files.delete(flag);
        assertEquals(1, admin.replay(DeadLetterSelection.ids(List.of(one.messageId()))));
        Message reply = consumer.receive(WAIT_MS);
        assertNotNull(reply, "the replayed request is served and answered");
        assertEquals("done:" + one.body(), ((TextMessage) reply).getText());
        assertEquals(one.messageId(), reply.getJMSCorrelationID(), "correlated to the id the sender saw");
        assertEquals(2, admin.list("byid", 100).size(), "the others stay");
        assertThrows(IllegalArgumentException.class, () -> admin.show(one.messageId()), "it left the dead-letter queue");
    }

    @Test
    void replayBySelectorTakesOnlyWhatItSelects() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        send("byselector", replies, "s0", "s1", "s2", "s3");
        deadLetters("byselector", 4);
        Files.delete(flag);

        int replayed = admin.replay(DeadLetterSelection.selector(
                "JMS_FPM_ORIGINAL_DESTINATION = 'byselector' AND JMS_FPM_STATUS = 500 AND customer >= 2"));
        assertEquals(2, replayed);
        assertEquals(Set.of("done:s2", "done:s3"), replies(consumer, 2));
        List<DeadLetter> left = admin.list("byselector", 100);
        assertEquals(Set.of("s0", "s1"), Set.copyOf(left.stream().map(DeadLetter::body).toList()));

        assertEquals(2, admin.replay(DeadLetterSelection.queue("byselector")));
        assertEquals(Set.of("done:s0", "done:s1"), replies(consumer, 2));
        assertEquals(0, admin.list("byselector", 100).size());
    }

    @Test
    void purgeByIdAndByQueueDeletesForGood() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        send("purged", replies, "p0", "p1", "p2");
        List<DeadLetter> letters = deadLetters("purged", 3);
        Files.delete(flag);

        assertEquals(1, admin.purge(DeadLetterSelection.ids(List.of(letters.get(1).messageId()))));
        assertEquals(2, admin.list("purged", 100).size());
        assertEquals(2, admin.purge(DeadLetterSelection.queue("purged")));
        assertEquals(0, admin.list("purged", 100).size());
        assertEquals(null, consumer.receive(300), "a purge sends nothing to PHP");
    }

    @Test
    void badInputIsRefusedNamingItAndChangesNothing() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        send("byid", replies, "bad");
        await(() -> admin.list("byid", 100).stream().anyMatch(d -> d.body().equals("bad")), "the dead letter 'bad'");
        String id = admin.list("byid", 100).stream().filter(d -> d.body().equals("bad")).findFirst()
                .orElseThrow().messageId();
        int before = admin.list(null, 1000).size();

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> admin.show("ID:no-such"));
        assertTrue(unknown.getMessage().contains("ID:no-such") && unknown.getMessage().contains("DLQ"), unknown.getMessage());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> admin.replay(DeadLetterSelection.ids(List.of(id, "ID:no-such"))));
        assertTrue(mixed.getMessage().contains("ID:no-such") && mixed.getMessage().contains("nothing was changed"),
                mixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> admin.purge(DeadLetterSelection.ids(List.of("ID:no-such"))));
        assertThrows(IllegalArgumentException.class, () -> admin.list(null, 0));
        IllegalArgumentException selector = assertThrows(IllegalArgumentException.class,
                () -> DeadLetterSelection.selector("customer = = 2"));
        assertTrue(selector.getMessage().contains("customer = = 2"), selector.getMessage());
        assertEquals(before, admin.list(null, 1000).size(), "nothing changed");
        admin.show(id);

        // a dead letter that came from no worker queue (a reply whose temporary queue was gone)
        TextMessage reply = session.createTextMessage("orphan reply");
        reply.setStringProperty("JMS_FPM_ORIGINAL_DESTINATION", "TEMPORARY_QUEUE:gone");
        session.createProducer(session.createQueue("DLQ")).send(reply);
        IllegalArgumentException notWork = assertThrows(IllegalArgumentException.class,
                () -> admin.replay(DeadLetterSelection.ids(List.of(reply.getJMSMessageID()))));
        assertTrue(notWork.getMessage().contains("TEMPORARY_QUEUE:gone") && notWork.getMessage().contains("nothing was replayed"),
                notWork.getMessage());
        assertEquals(1, admin.purge(DeadLetterSelection.ids(List.of(reply.getJMSMessageID()))));
        assertEquals(1, admin.purge(DeadLetterSelection.ids(List.of(id))));
    }

    @Test
    void theAdminIsInJmxUnderTheEnginesName() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        send("jmx", replies, "j0");
        DeadLetter letter = deadLetters("jmx", 1).get(0);
        Files.delete(flag);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = DeadLetterJmx.objectName("dlq-broker-app");
        assertTrue(server.isRegistered(name), name + " registered");
        assertEquals("DLQ", server.getAttribute(name, "DeadLetterQueue"));
        CompositeData[] listed = (CompositeData[]) server.invoke(name, "list", new Object[] {"jmx", 10},
                new String[] {String.class.getName(), int.class.getName()});
        assertEquals(1, listed.length);
        assertEquals(letter.messageId(), DeadLetterJmx.fromComposite(listed[0]).messageId());
        assertEquals(1, server.invoke(name, "replayIds", new Object[] {letter.messageId()},
                new String[] {String.class.getName()}));
        assertEquals(Set.of("done:j0"), replies(consumer, 1));
    }

    @Test
    void aSubscriptionsDeadLetterGoesBackToThatSubscriptionAlone() throws Exception {
        Topic orders = session.createTopic("dlq.orders");
        MessageConsumer java = session.createConsumer(orders);
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        TextMessage order = session.createTextMessage("o1");
        order.setJMSReplyTo(replies);
        session.createProducer(orders).send(order);
        assertNotNull(java.receive(WAIT_MS), "the Java subscriber's copy");
        DeadLetter letter = deadLetters(SUBSCRIPTION, 1).get(0);
        assertEquals(SUBSCRIPTION, letter.workerQueue());
        Files.delete(flag);

        assertEquals(1, admin.replay(DeadLetterSelection.ids(List.of(letter.messageId()))));
        assertEquals(Set.of("done:o1"), replies(consumer, 1));
        assertNull(java.receive(500), "the replay went to the subscription's queue, not to the topic");
    }

    @Test
    void aLargeDeadLetterIsReplayedWhole() throws Exception {
        String body = "x".repeat(300_000); // over the client's 100 KiB: a large message on the broker
        TemporaryQueue replies = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(replies);
        TextMessage dead = session.createTextMessage(body);
        dead.setStringProperty("JMS_FPM_ORIGINAL_DESTINATION", "large");
        dead.setIntProperty("JMS_FPM_STATUS", 500);
        dead.setJMSReplyTo(replies);
        session.createProducer(session.createQueue("DLQ")).send(dead);
        Files.delete(flag);

        assertEquals(1, admin.replay(DeadLetterSelection.queue("large")));
        Message reply = consumer.receive(WAIT_MS);
        assertNotNull(reply, "the replayed large request is answered");
        assertEquals("done:" + body, ((TextMessage) reply).getText());
        assertEquals(dead.getJMSMessageID(), reply.getJMSCorrelationID());
    }

    @Test
    void openingWithoutAnApplicationNamesWhatIsWrong() {
        IllegalStateException noQueue = assertThrows(IllegalStateException.class,
                () -> BrokerDeadLetters.open(BrokerSettings.of(broker.url()), "NO.SUCH.DLQ"));
        assertTrue(noQueue.getMessage().contains("NO.SUCH.DLQ"), noQueue.getMessage());
        IllegalStateException unreachable = assertThrows(IllegalStateException.class,
                () -> BrokerDeadLetters.open(BrokerSettings.of("tcp://127.0.0.1:1"), "DLQ"));
        assertTrue(unreachable.getMessage().contains("tcp://127.0.0.1:1"), unreachable.getMessage());
        try (BrokerDeadLetters offline = BrokerDeadLetters.open(BrokerSettings.of(broker.url()), "DLQ")) {
            assertEquals("DLQ", offline.deadLetterQueue());
            offline.list(null, 10);
        }
    }
}
