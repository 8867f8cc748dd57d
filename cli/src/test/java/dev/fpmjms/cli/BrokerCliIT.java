package dev.fpmjms.cli;

import dev.fpmjms.artemis.DispatcherMain;
import dev.fpmjms.artemis.TestBroker;
import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.testing.Await;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fpm-jms dlq} in broker mode: a real Artemis broker (in this JVM, on an ephemeral port), a
 * standalone dispatcher ({@link DispatcherMain} in a child JVM) serving worker queue {@code work}
 * from a real php-fpm whose worker answers 500 until it is fixed. The tool reaches the dead letters
 * on the broker itself ({@code --broker}, no application running) and through the dispatcher's JMX
 * ({@code --pid}); replayed requests are served by PHP and answered; bad ids, bad selectors, an
 * unreachable broker and a missing dead-letter queue end with their documented exit codes.
 */
@Timeout(180)
class BrokerCliIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static TestBroker broker;
    private static String url;
    private static EmbeddedPhpFpm fpm;
    private static Path flag;
    private static Process dispatcher;
    private static ActiveMQConnectionFactory client;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), 0);
        url = broker.url();
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 30, Map.of(), null)).start();
        Path script;
        try (InputStream in = BrokerCliIT.class.getResourceAsStream("/php/flaky.php")) {
            script = fpm.installScript("flaky.php", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        flag = script.resolveSibling("broken");
        Files.writeString(flag, "x");
        Path properties = dir.resolve("dispatcher.properties");
        Files.writeString(properties, String.join("\n",
                "name=cli-dispatcher",
                "broker=" + url,
                "route.work=" + fpm.endpointString() + "|" + script,
                "route.work.retry.maxAttempts=1",
                "route.work.failureReplies=false", ""));
        dispatcher = startDispatcher(properties, dir.resolve("dispatcher.err"));
        client = new ActiveMQConnectionFactory(url);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (dispatcher != null) {
            dispatcher.destroyForcibly();
            dispatcher.waitFor(30, TimeUnit.SECONDS);
        }
        if (fpm != null) {
            fpm.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** {@link DispatcherMain} in a child JVM of the test class path; returns once it prints that it is ready. */
    private static Process startDispatcher(Path properties, Path stderr) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.apache.activemq=error",
                "-cp", classPath, DispatcherMain.class.getName(), properties.toString())
                .redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(DispatcherMain.READY)) {
            // skip
        }
        assertNotNull(line, "the dispatcher printed '" + DispatcherMain.READY + "'; stderr: " + Files.readString(stderr));
        return p;
    }

    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private static Result cli(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FpmJmsCli.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result cli(String... args) {
        return cli(Map.of(), args);
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, WAIT, condition::getAsBoolean);
    }

    /** Sends text requests to {@code work}, property {@code customer} = index, replies to {@code replies}; returns their ids. */
    private static List<String> send(Session session, TemporaryQueue replies, String... bodies) throws JMSException {
        MessageProducer producer = session.createProducer(session.createQueue("work"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            TextMessage m = session.createTextMessage(bodies[i]);
            m.setIntProperty("customer", i);
            m.setJMSReplyTo(replies);
            producer.send(m);
            ids.add(m.getJMSMessageID());
        }
        return ids;
    }

    private static Set<String> replies(MessageConsumer consumer, int n) throws JMSException {
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Message reply = consumer.receive(WAIT.toMillis());
            assertNotNull(reply, "reply " + (i + 1) + " of " + n);
            bodies.add(((TextMessage) reply).getText());
        }
        return bodies;
    }

    @Test
    void listShowReplayAndPurgeOnTheBrokerAndThroughTheDispatchersJmx() throws Exception {
        try (Connection c = client.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageConsumer consumer = session.createConsumer(replies);
            List<String> ids = send(session, replies, "c0", "c1", "c2");
            await(() -> cli("dlq", "list", "--broker", url, "--queue", "work").out().contains("3 shown"), "3 dead letters");

            Result list = cli("dlq", "list", "--broker", url);
            assertEquals(0, list.code(), list.toString());
            for (String id : ids) {
                assertTrue(list.out().contains(id), "the id the sender saw: " + list);
            }
            assertTrue(list.out().contains("WORKER_FAILURE") && list.out().contains("500"), list.toString());
            Result show = cli("dlq", "show", ids.get(0), "--broker", url);
            assertEquals(0, show.code(), show.toString());
            assertTrue(show.out().contains("flaky: broken, cannot do c0") && show.out().contains("customer=0"), show.toString());

            Files.delete(flag);
            Result byId = cli("dlq", "replay", ids.get(0), "--broker", url);
            assertEquals(0, byId.code(), byId.toString());
            assertTrue(byId.out().startsWith("replayed 1 "), byId.toString());
            assertEquals(Set.of("done:c0"), replies(consumer, 1));

            long pid = dispatcher.pid();
            Result pidList = cli("dlq", "list", "--pid", Long.toString(pid));
            assertEquals(0, pidList.code(), pidList.toString());
            assertTrue(pidList.out().contains(ids.get(1)) && !pidList.out().contains(ids.get(0)), pidList.toString());
            Result bySelector = cli("dlq", "replay", "--selector", "customer = 1 AND JMS_FPM_STATUS = 500", "--pid", Long.toString(pid));
            assertEquals(0, bySelector.code(), bySelector.toString());
            assertTrue(bySelector.out().startsWith("replayed 1 "), bySelector.toString());
            assertEquals(Set.of("done:c1"), replies(consumer, 1));

            Result purge = cli("dlq", "purge", "--queue", "work", "--broker", url, "--dlq", "DLQ");
            assertEquals(0, purge.code(), purge.toString());
            assertTrue(purge.out().startsWith("purged 1 "), purge.toString());
            assertTrue(cli("dlq", "list", "--broker", url).out().contains("0 shown"));
        }
    }

    @Test
    void badRequestsAndUnreachableTargetsEndWithTheirExitCodes() {
        Result unknownId = cli("dlq", "show", "ID:no-such", "--broker", url);
        assertEquals(1, unknownId.code(), unknownId.toString());
        assertTrue(unknownId.err().startsWith("fpm-jms: no dead letter with JMSMessageID 'ID:no-such' in 'DLQ'"), unknownId.toString());
        Result replayUnknown = cli("dlq", "replay", "ID:no-such", "--broker", url);
        assertEquals(1, replayUnknown.code(), replayUnknown.toString());
        Result badSelector = cli("dlq", "replay", "--selector", "customer = = 1", "--broker", url);
        assertEquals(1, badSelector.code(), badSelector.toString());
        assertTrue(badSelector.err().contains("customer = = 1"), badSelector.toString());

        Result unreachable = cli("dlq", "list", "--broker", "tcp://127.0.0.1:1");
        assertEquals(3, unreachable.code(), unreachable.toString());
        assertTrue(unreachable.err().contains("tcp://127.0.0.1:1"), unreachable.toString());
        Result noQueue = cli("dlq", "list", "--broker", url, "--dlq", "NO.SUCH.DLQ");
        assertEquals(3, noQueue.code(), noQueue.toString());
        assertTrue(noQueue.err().contains("NO.SUCH.DLQ"), noQueue.toString());

        Result notAUrl = cli("dlq", "list", "--broker", "localhost:61616");
        assertEquals(2, notAUrl.code(), notAUrl.toString());
        assertTrue(notAUrl.err().contains("localhost:61616"), notAUrl.toString());
        Result noPassword = cli("dlq", "list", "--broker", url, "--broker-user", "ops");
        assertEquals(2, noPassword.code(), noPassword.toString());
        assertTrue(noPassword.err().contains("FPM_JMS_BROKER_PASSWORD"), noPassword.toString());
        Result twoTargets = cli("dlq", "list", "--broker", url, "--journal", dir.toString());
        assertEquals(2, twoTargets.code(), twoTargets.toString());
        Result engine = cli("dlq", "list", "--broker", url, "--engine", "x");
        assertEquals(2, engine.code(), engine.toString());
    }
}
