package dev.fpmjms.admin;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.envelope.ProviderProperties;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.store.StoreException;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dead-letter tooling on a real php-fpm whose worker fails (500) until it is fixed: list, show,
 * replay and purge through the Java API of a running engine (ids, selector, queue, all), the same
 * through JMX in the platform MBean server, through {@link FpmConnectionFactory#deadLetters()}, and
 * on a stopped engine's journal, whose replayed messages the next engine delivers.
 */
@Timeout(120)
class DeadLetterAdminIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static FlakyWorker worker;
    private FpmEngine engine;

    @BeforeAll
    static void startPhpFpm() {
        worker = FlakyWorker.start();
    }

    @AfterAll
    static void stopPhpFpm() {
        worker.close();
    }

    @AfterEach
    void shutdown() throws Exception {
        if (engine != null) {
            engine.shutdown();
        }
        worker.broken(false);
    }

    private FpmEngine engine(FpmConfig config) {
        engine = new EngineRegistry().engine(config, FcgiGatewayFactory::new);
        return engine;
    }

    /** Waits until {@code count} dead letters are visible (a count includes those still being stored). */
    private static void awaitDeadLetters(DeadLetterAdmin admin, int count) {
        Await.until(() -> count + " dead letters (" + admin.count() + " now)", WAIT,
                () -> admin.list(null, 1000).size() == count);
    }

    private static Set<String> bodies(List<FpmEnvelope> messages) {
        return messages.stream().map(m -> (String) m.body()).collect(Collectors.toSet());
    }

    @Test
    void listShowReplayByIdSelectorAndQueueThenPurge() throws Exception {
        engine(worker.config("dlq-api-" + UUID.randomUUID()).build());
        DeadLetterAdmin admin = engine.deadLetters();
        worker.broken(true);
        FpmEnvelope w1 = FlakyWorker.send(engine, "work", "w1", 1);
        FlakyWorker.send(engine, "work", "w2", 2);
        FlakyWorker.send(engine, "work", "w3", 3);
        FpmEnvelope m1 = FlakyWorker.send(engine, "mail", "m1", 1);
        FlakyWorker.send(engine, "mail", "m2", 2);
        awaitDeadLetters(admin, 5);

        assertEquals("DLQ", admin.deadLetterQueue());
        assertEquals(5, admin.list(null, 100).size());
        assertEquals(2, admin.list("", 2).size(), "limit");
        List<DeadLetter> work = admin.list("work", 100);
        assertEquals(Set.of("w1", "w2", "w3"), work.stream().map(DeadLetter::body).collect(Collectors.toSet()));
        for (DeadLetter d : work) {
            assertEquals("work", d.workerQueue());
            assertEquals("work", d.originalDestination());
            assertEquals(500, d.status());
            assertEquals(1, d.attempts());
            assertTrue(d.failure().startsWith("WORKER_FAILURE: worker replied status 500"), d.failure());
            assertTrue(d.stderr().contains("flaky: broken, cannot do " + d.body()), d.stderr());
            assertTrue(d.persistent());
        }
        DeadLetter shown = admin.show(w1.messageId());
        assertEquals("w1", shown.body());
        assertEquals("TEXT", shown.bodyType());
        assertEquals(java.util.Map.of("customer", 1), shown.properties(), "own properties, no JMS_FPM_*");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> admin.show("ID:no-such"));
        assertTrue(unknown.getMessage().contains("'ID:no-such'") && unknown.getMessage().contains("'DLQ'"), unknown.getMessage());
        IllegalArgumentException partlyUnknown = assertThrows(IllegalArgumentException.class,
                () -> admin.replay(DeadLetterSelection.ids(List.of(w1.messageId(), "ID:no-such"))));
        assertTrue(partlyUnknown.getMessage().contains("[ID:no-such]"), partlyUnknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> admin.purge(DeadLetterSelection.ids(List.of("ID:no-such"))));
        assertEquals(5, admin.count(), "a failed call changes nothing");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> admin.list(null, 0)).getMessage().contains("was 0"));

        worker.broken(false);
        assertEquals(1, admin.replay(DeadLetterSelection.selector("customer = 1 AND JMS_FPM_ORIGINAL_DESTINATION = 'work'")));
        FpmEnvelope reply = FlakyWorker.take(engine, "work", 1).get(0);
        assertEquals("done:w1", reply.body());
        assertEquals(1, reply.properties().get(ProviderProperties.JMS_FPM_ATTEMPTS), "a fresh attempt count");
        assertEquals(4, admin.count());

        assertEquals(1, admin.replay(DeadLetterSelection.ids(List.of(m1.messageId()))));
        assertEquals(Set.of("done:m1"), bodies(FlakyWorker.take(engine, "mail", 1)));
        assertEquals(2, admin.replay(DeadLetterSelection.queue("work")));
        assertEquals(Set.of("done:w2", "done:w3"), bodies(FlakyWorker.take(engine, "work", 2)));
        assertEquals(1, admin.count());

        assertEquals(1, admin.purge(DeadLetterSelection.all()));
        assertEquals(0, admin.count());
        assertEquals(List.of(), admin.list(null, 10));
    }

    @Test
    void deadLettersFromNoWorkerQueueStayAndCannotBeReplayedById() throws Exception {
        engine(worker.config("dlq-other-" + UUID.randomUUID()).build());
        DeadLetterAdmin admin = engine.deadLetters();
        FpmEnvelope reply = FpmEnvelope.builder(DestinationRef.queue("DLQ")).messageId(engine.newMessageId())
                .body(BodyType.TEXT, "a reply nobody could take")
                .property(ProviderProperties.JMS_FPM_ORIGINAL_DESTINATION, "TEMPORARY_QUEUE:TMP.gone")
                .property(ProviderProperties.JMS_FPM_FAILURE, "reply destination does not exist: gone").build();
        engine.send(reply);
        worker.broken(true);
        FlakyWorker.send(engine, "work", "w1", 1);
        awaitDeadLetters(admin, 2);
        worker.broken(false);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> admin.replay(DeadLetterSelection.ids(List.of(reply.messageId()))));
        assertTrue(e.getMessage().contains("TEMPORARY_QUEUE:TMP.gone") && e.getMessage().contains("nothing was replayed"),
                e.getMessage());
        assertEquals(null, admin.show(reply.messageId()).workerQueue());
        assertEquals(1, admin.replay(DeadLetterSelection.all()), "the worker queue's dead letter only");
        assertEquals(Set.of("done:w1"), bodies(FlakyWorker.take(engine, "work", 1)));
        assertEquals(1, admin.count());
        assertEquals(1, admin.purge(DeadLetterSelection.ids(List.of(reply.messageId()))));
        assertEquals(0, admin.count());
    }

    @Test
    void badSelectionsNameTheValue() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DeadLetterSelection.selector("customer = = 1"));
        assertTrue(bad.getMessage().startsWith("invalid selector \"customer = = 1\""), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeadLetterSelection.selector(" "));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterSelection.ids(List.of()));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterSelection.ids(List.of("ID:1", " ")));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterSelection.queue(""));
    }

    @Test
    void jmxOperationsInThePlatformMBeanServerUntilShutdown() throws Exception {
        String name = "dlq-jmx-" + UUID.randomUUID();
        engine(worker.config(name).build());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName on = DeadLetterJmx.objectName(name);
        assertEquals(new ObjectName("dev.fpmjms:type=DeadLetters,engine=" + name), on);
        worker.broken(true);
        FpmEnvelope w1 = FlakyWorker.send(engine, "work", "w1", 1);
        FlakyWorker.send(engine, "work", "w2", 2);
        FlakyWorker.send(engine, "mail", "m1", 3);
        Await.until("3 dead letters in JMX", WAIT, () -> ((CompositeData[]) server.invoke(on, "list",
                new Object[]{"", 10}, new String[]{String.class.getName(), int.class.getName()})).length == 3);
        assertEquals(3L, server.getAttribute(on, "Count"));
        assertEquals("DLQ", server.getAttribute(on, "DeadLetterQueue"));

        CompositeData[] work = (CompositeData[]) server.invoke(on, "list", new Object[]{"work", 10},
                new String[]{String.class.getName(), int.class.getName()});
        assertEquals(2, work.length);
        DeadLetter first = DeadLetterJmx.fromComposite(work[0]);
        assertEquals("work", first.workerQueue());
        assertEquals(500, first.status());
        CompositeData shown = (CompositeData) server.invoke(on, "show", new Object[]{w1.messageId()},
                new String[]{String.class.getName()});
        assertEquals("w1", shown.get("body"));
        assertTrue(((String) shown.get("stderr")).contains("flaky: broken"), String.valueOf(shown.get("stderr")));
        assertEquals(List.of("customer=1"), List.of((String[]) shown.get("properties")));

        RuntimeMBeanException unknown = assertThrows(RuntimeMBeanException.class, () -> server.invoke(on, "replayIds",
                new Object[]{"ID:no-such"}, new String[]{String.class.getName()}));
        assertEquals(IllegalArgumentException.class, unknown.getTargetException().getClass());
        assertTrue(unknown.getTargetException().getMessage().contains("ID:no-such"));
        RuntimeMBeanException badSelector = assertThrows(RuntimeMBeanException.class, () -> server.invoke(on,
                "purgeSelected", new Object[]{"status ="}, new String[]{String.class.getName()}));
        assertTrue(badSelector.getTargetException().getMessage().startsWith("invalid selector"));

        worker.broken(false);
        assertEquals(2, server.invoke(on, "replaySelected", new Object[]{"JMS_FPM_STATUS = 500 AND customer < 3"},
                new String[]{String.class.getName()}));
        assertEquals(Set.of("done:w1", "done:w2"), bodies(FlakyWorker.take(engine, "work", 2)));
        assertEquals(1, server.invoke(on, "purgeQueue", new Object[]{"mail"}, new String[]{String.class.getName()}));
        assertEquals(0L, server.getAttribute(on, "Count"));

        engine.shutdown();
        assertFalse(server.isRegistered(on), "unregistered at shutdown");
        assertThrows(IllegalStateException.class, () -> engine.deadLetters().count());
    }

    @Test
    void theConnectionFactoryGivesItsEnginesDeadLetters() throws Exception {
        FpmConnectionFactory factory = new FpmConnectionFactory(worker.config("dlq-factory-" + UUID.randomUUID()).build(),
                FcgiGatewayFactory::new, new EngineRegistry());
        worker.broken(true);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("work"));
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            producer.send(session.createTextMessage("via jms"));
            DeadLetterAdmin admin = factory.deadLetters();
            awaitDeadLetters(admin, 1);
            DeadLetter d = admin.list("work", 1).get(0);
            assertEquals("via jms", d.body());
            assertFalse(d.persistent());
            assertEquals(1, admin.purge(DeadLetterSelection.ids(List.of(d.messageId()))));
        } finally {
            factory.close();
        }
        assertThrows(jakarta.jms.IllegalStateException.class, factory::deadLetters);
    }

    @Test
    void aStoppedEnginesJournalIsReplayedOfflineAndTheNextEngineDeliversIt(@TempDir Path data) throws Exception {
        FpmConfig config = worker.config("dlq-journal-" + UUID.randomUUID()).dataDirectory(data).build();
        engine(config);
        worker.broken(true);
        FpmEnvelope w1 = FlakyWorker.send(engine, "work", "w1", 1);
        FlakyWorker.send(engine, "work", "w2", 2);
        FlakyWorker.send(engine, "mail", "m1", 3);
        awaitDeadLetters(engine.deadLetters(), 3);

        StoreException locked = assertThrows(StoreException.class, () -> JournalDeadLetters.open(data, "DLQ"));
        assertTrue(locked.getMessage().contains("in use by another fpm-jms engine"), locked.getMessage());
        engine.shutdown();
        engine = null;

        try (JournalDeadLetters offline = JournalDeadLetters.open(data, "DLQ")) {
            assertEquals(3, offline.count());
            DeadLetter d = offline.show(w1.messageId());
            assertEquals(500, d.status());
            assertTrue(d.stderr().contains("flaky: broken, cannot do w1"), d.stderr());
            assertEquals(2, offline.list("work", 10).size());
            assertThrows(IllegalArgumentException.class, () -> offline.replay(DeadLetterSelection.ids(List.of("ID:no-such"))));
            assertEquals(2, offline.replay(DeadLetterSelection.queue("work")));
            assertEquals(1, offline.purge(DeadLetterSelection.selector("customer = 3")));
            assertEquals(0, offline.count());
        }
        try (JournalDeadLetters again = JournalDeadLetters.open(data, "DLQ")) {
            assertEquals(0, again.count(), "replayed and purged dead letters are gone from the journal");
        }

        worker.broken(false);
        engine(config);
        assertEquals(Set.of("done:w1", "done:w2"), bodies(FlakyWorker.take(engine, "work", 2)));
        assertEquals(0, engine.deadLetters().count());
    }

    @Test
    void aJournalThatIsNotThereIsNamed(@TempDir Path dir) throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> JournalDeadLetters.open(dir.resolve("nope"), "DLQ"));
        assertTrue(missing.getMessage().startsWith("no such directory: "), missing.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> JournalDeadLetters.open(dir, "DLQ"));
        assertTrue(empty.getMessage().contains("holds no fpm-jms journal"), empty.getMessage());
        assertFalse(Files.exists(dir.resolve("journal.lock")), "nothing created");
    }
}
