package dev.fpmjms.cli;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.config.RetryPolicy;
import dev.fpmjms.engine.Delivery;
import dev.fpmjms.engine.EngineRegistry;
import dev.fpmjms.engine.FpmEngine;
import dev.fpmjms.engine.Subscription;
import dev.fpmjms.envelope.BodyType;
import dev.fpmjms.envelope.DestinationRef;
import dev.fpmjms.envelope.FpmEnvelope;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.gateway.FcgiGatewayFactory;
import dev.fpmjms.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.security.auth.Subject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fpm-jms dlq} against a real php-fpm whose worker answers 500 until it is fixed: over a JMX
 * connector of a running engine in this JVM (an RMI registry and connector on ephemeral ports), over
 * the attach API to this JVM ({@code --pid}), and on a stopped engine's journal, whose replayed
 * messages the next engine delivers; bad command lines and unreachable targets end with their
 * documented exit codes.
 */
@Timeout(180)
class FpmJmsCliIT {
    private static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 2.0, 0.0, false);
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static EmbeddedPhpFpm fpm;
    private static Path script;
    private final List<FpmEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startPhpFpm() throws IOException {
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(2, 30, Map.of(), null)).start();
        try (InputStream in = FpmJmsCliIT.class.getResourceAsStream("/php/flaky.php")) {
            script = fpm.installScript("flaky.php", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            fpm.close();
            throw e;
        }
    }

    @AfterAll
    static void stopPhpFpm() {
        fpm.close();
    }

    @AfterEach
    void shutdown() throws IOException {
        engines.forEach(FpmEngine::shutdown);
        broken(false);
    }

    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private static Result cli(String... args) {
        return cli(Map.of(), args);
    }

    private static Result cli(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FpmJmsCli.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void broken(boolean broken) throws IOException {
        Path flag = script.resolveSibling("broken");
        if (broken) {
            Files.writeString(flag, "x");
        } else {
            Files.deleteIfExists(flag);
        }
    }

    private static FpmRoute route(String queue) {
        return FpmRoute.builder(queue).endpoint(fpm.endpointString()).script(script.toString()).maxInFlight(2)
                .retryPolicy(ONE_ATTEMPT).build();
    }

    private FpmEngine engine(FpmConfig config) {
        FpmEngine engine = new EngineRegistry().engine(config, FcgiGatewayFactory::new);
        engines.add(engine);
        return engine;
    }

    private static FpmConfig.Builder config(String name) {
        return FpmConfig.builder().name(name).route(route("work")).route(route("mail"));
    }

    private static String send(FpmEngine engine, String queue, String body, int customer) throws Exception {
        FpmEnvelope e = FpmEnvelope.builder(DestinationRef.queue(queue)).messageId(engine.newMessageId())
                .timestamp(System.currentTimeMillis()).persistent(true).body(BodyType.TEXT, body)
                .property("customer", customer).build();
        engine.send(e);
        return e.messageId();
    }

    private static void until(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofNanos(WAIT_NANOS), condition::getAsBoolean);
    }

    private static void awaitDeadLetters(FpmEngine engine, int count) {
        until(count + " dead letters", () -> engine.deadLetters().list(null, 1000).size() == count);
    }

    /** The bodies of {@code count} replies on a worker queue, each within 30 s. */
    private static List<Object> replies(FpmEngine engine, String queue, int count) throws Exception {
        List<Object> got = new ArrayList<>();
        try (Subscription s = engine.consumerQueue(DestinationRef.queue(queue)).subscribe(null, null)) {
            while (got.size() < count) {
                Delivery d = s.take(30, TimeUnit.SECONDS);
                if (d == null) {
                    break;
                }
                got.add(d.envelope().body());
                d.acknowledge();
            }
        }
        return got;
    }

    /** An RMI registry on an ephemeral port, the port it got. */
    private record EphemeralRegistry(Registry registry, int port) {
        static EphemeralRegistry create() throws IOException {
            AtomicInteger port = new AtomicInteger();
            RMIServerSocketFactory sockets = p -> {
                ServerSocket s = new ServerSocket(p, 50, InetAddress.getLoopbackAddress());
                port.set(s.getLocalPort());
                return s;
            };
            Registry registry = LocateRegistry.createRegistry(0, null, sockets);
            return new EphemeralRegistry(registry, port.get());
        }

        void close() throws NoSuchObjectException {
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    @Test
    void listShowReplayAndPurgeARunningEngineOverJmx() throws Exception {
        String name = "cli-jmx-" + UUID.randomUUID();
        FpmEngine engine = engine(config(name).build());
        broken(true);
        String w1 = send(engine, "work", "w1", 1);
        String w2 = send(engine, "work", "w2", 2);
        String m1 = send(engine, "mail", "m1", 3);
        awaitDeadLetters(engine, 3);

        EphemeralRegistry registry = EphemeralRegistry.create();
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + registry.port() + "/jmxrmi");
        JMXConnectorServer connector = JMXConnectorServerFactory.newJMXConnectorServer(url, null,
                ManagementFactory.getPlatformMBeanServer());
        connector.start();
        String jmx = "127.0.0.1:" + registry.port();
        try {
            Result list = cli("dlq", "list", "--jmx", jmx, "--engine", name);
            assertEquals(0, list.code(), list.toString());
            assertTrue(list.out().startsWith("ID "), list.toString());
            for (String id : List.of(w1, w2, m1)) {
                assertTrue(list.out().contains(id), list.toString());
            }
            assertTrue(list.out().contains("WORKER_FAILURE: worker replied status 500") && list.out().contains(" 500 "), list.toString());
            assertTrue(list.out().contains("3 shown; 'DLQ' holds 3"), list.toString());
            Result mail = cli("dlq", "list", "--queue", "mail", "--limit", "1", "--jmx", jmx, "--engine", name);
            assertTrue(mail.out().contains(m1) && !mail.out().contains(w1) && mail.out().contains("1 shown of worker queue 'mail'"),
                    mail.toString());

            Result show = cli("dlq", "show", w1, "--jmx", url.toString(), "--engine", name);
            assertEquals(0, show.code(), show.toString());
            assertTrue(show.out().contains("status:       500"), show.toString());
            assertTrue(show.out().contains("stderr:\n  ") && show.out().contains("flaky: broken, cannot do w1"), show.toString());
            assertTrue(show.out().contains("properties:   customer=1"), show.toString());
            assertTrue(show.out().contains("body (TEXT):\n  w1\n"), show.toString());

            Result unknown = cli("dlq", "show", "ID:no-such", "--jmx", jmx, "--engine", name);
            assertEquals(1, unknown.code(), unknown.toString());
            assertTrue(unknown.err().contains("no dead letter with JMSMessageID 'ID:no-such'"), unknown.toString());
            Result badSelector = cli("dlq", "replay", "--selector", "customer = = 1", "--jmx", jmx, "--engine", name);
            assertEquals(1, badSelector.code(), badSelector.toString());
            assertTrue(badSelector.err().contains("invalid selector \"customer = = 1\""), badSelector.toString());
            Result unknownReplay = cli("dlq", "replay", w1, "ID:no-such", "--jmx", jmx, "--engine", name);
            assertEquals(1, unknownReplay.code(), unknownReplay.toString());
            assertTrue(unknownReplay.err().contains("[ID:no-such]") && unknownReplay.err().contains("nothing was changed"),
                    unknownReplay.toString());

            broken(false);
            Result replay = cli("dlq", "replay", w1, "--jmx", jmx, "--engine", name);
            assertEquals(0, replay.code(), replay.toString());
            assertTrue(replay.out().startsWith("replayed 1 "), replay.toString());
            assertEquals(List.of("done:w1"), replies(engine, "work", 1));
            Result bySelector = cli("dlq", "replay", "--selector", "JMS_FPM_STATUS = 500 AND customer = 2", "--jmx", jmx);
            assertEquals(0, bySelector.code(), "the only engine needs no --engine: " + bySelector);
            assertTrue(bySelector.out().startsWith("replayed 1 "), bySelector.toString());
            assertEquals(List.of("done:w2"), replies(engine, "work", 1));
            Result purge = cli("dlq", "purge", "--all", "--jmx", jmx, "--engine", name);
            assertEquals(0, purge.code(), purge.toString());
            assertTrue(purge.out().startsWith("purged 1 ") && purge.out().endsWith("'DLQ' holds 0\n"), purge.toString());

            Result noEngine = cli("dlq", "list", "--jmx", jmx, "--engine", "no-such-engine");
            assertEquals(3, noEngine.code(), noEngine.toString());
            assertTrue(noEngine.err().contains("no fpm-jms engine 'no-such-engine'") && noEngine.err().contains(name),
                    noEngine.toString());
        } finally {
            connector.stop();
            registry.close();
        }
        Result gone = cli("dlq", "list", "--jmx", jmx);
        assertEquals(3, gone.code(), gone.toString());
        assertTrue(gone.err().startsWith("fpm-jms: cannot connect to JMX at service:jmx:rmi:///jndi/rmi://" + jmx), gone.toString());
    }

    @Test
    void aJmxUsersPasswordComesFromTheEnvironment() throws Exception {
        String name = "cli-auth-" + UUID.randomUUID();
        FpmEngine engine = engine(config(name).build());
        JMXAuthenticator authenticator = credentials -> {
            if (credentials instanceof String[] c && c.length == 2 && c[0].equals("ops") && c[1].equals("s3cret")) {
                return new Subject();
            }
            throw new SecurityException("Authentication failed: wrong user or password");
        };
        JMXConnectorServer connector = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), Map.of(JMXConnectorServer.AUTHENTICATOR, authenticator),
                ManagementFactory.getPlatformMBeanServer());
        connector.start();
        String url = connector.getAddress().toString();
        try {
            Result anonymous = cli("dlq", "list", "--jmx", url, "--engine", name);
            assertEquals(3, anonymous.code(), anonymous.toString());
            Result noPassword = cli("dlq", "list", "--jmx", url, "--jmx-user", "ops", "--engine", name);
            assertEquals(2, noPassword.code(), noPassword.toString());
            assertTrue(noPassword.err().contains("FPM_JMS_JMX_PASSWORD"), noPassword.toString());
            Result wrong = cli(Map.of("FPM_JMS_JMX_PASSWORD", "guess"), "dlq", "list", "--jmx", url, "--jmx-user", "ops",
                    "--engine", name);
            assertEquals(3, wrong.code(), wrong.toString());
            assertTrue(wrong.err().contains("Authentication failed"), wrong.toString());
            Result right = cli(Map.of("FPM_JMS_JMX_PASSWORD", "s3cret"), "dlq", "list", "--jmx", url, "--jmx-user", "ops",
                    "--engine", name);
            assertEquals(0, right.code(), right.toString());
            assertEquals("0 shown; 'DLQ' holds 0\n", right.out());
        } finally {
            connector.stop();
        }
        assertEquals(0, engine.deadLetters().count());
    }

    @Test
    void aLocalJvmIsReachedByItsPid() throws Exception {
        String name = "cli-pid-" + UUID.randomUUID();
        FpmEngine engine = engine(config(name).build());
        broken(true);
        String w1 = send(engine, "work", "w1", 1);
        awaitDeadLetters(engine, 1);
        String pid = Long.toString(ProcessHandle.current().pid());
        Result list = cli("dlq", "list", "--pid", pid, "--engine", name);
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().contains(w1), list.toString());
        broken(false);
        Result replay = cli("dlq", "replay", "--queue", "work", "--pid", pid, "--engine", name);
        assertEquals(0, replay.code(), replay.toString());
        assertEquals(List.of("done:w1"), replies(engine, "work", 1));
    }

    @Test
    void aStoppedEnginesJournalIsReplayedAndTheNextEngineDeliversIt(@TempDir Path data) throws Exception {
        FpmConfig config = config("cli-journal-" + UUID.randomUUID()).dataDirectory(data).build();
        FpmEngine engine = engine(config);
        broken(true);
        String w1 = send(engine, "work", "w1", 1);
        String w2 = send(engine, "work", "w2", 2);
        String m1 = send(engine, "mail", "m1", 3);
        awaitDeadLetters(engine, 3);

        Result locked = cli("dlq", "list", "--journal", data.toString());
        assertEquals(3, locked.code(), locked.toString());
        assertTrue(locked.err().contains("is in use by another fpm-jms engine"), locked.toString());
        engine.shutdown();

        Result list = cli("dlq", "list", "--journal", data.toString());
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().contains(w1) && list.out().contains(w2) && list.out().contains(m1), list.toString());
        Result show = cli("dlq", "show", m1, "--journal", data.toString());
        assertTrue(show.out().contains("flaky: broken, cannot do m1") && show.out().contains("delivery:     PERSISTENT"),
                show.toString());
        Result replay = cli("dlq", "replay", "--queue", "work", "--journal", data.toString());
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().startsWith("replayed 2 ") && replay.out().endsWith("'DLQ' holds 1\n"), replay.toString());
        Result purge = cli("dlq", "purge", m1, "--journal", data.toString());
        assertEquals(0, purge.code(), purge.toString());
        assertTrue(purge.out().startsWith("purged 1 "), purge.toString());
        Result empty = cli("dlq", "list", "--journal", data.toString(), "--dlq", "DLQ");
        assertTrue(empty.out().equals("0 shown; 'DLQ' holds 0\n"), empty.toString());

        broken(false);
        FpmEngine next = engine(config);
        List<Object> replies = replies(next, "work", 2);
        assertEquals(2, replies.size(), "replies: " + replies);
        assertTrue(replies.containsAll(List.of("done:w1", "done:w2")), "replies: " + replies);
        assertEquals(0, next.deadLetters().count());
    }

    @Test
    void wrongCommandLinesAndMissingTargetsEndWithTheirExitCodes(@TempDir Path dir) {
        assertEquals(2, cli().code());
        assertTrue(cli("--help").out().contains("exit codes: 0 done"));
        Result unknownCommand = cli("dlq", "frob", "--jmx", "h:1");
        assertEquals(2, unknownCommand.code());
        assertTrue(unknownCommand.err().contains("unknown dlq command 'frob'"), unknownCommand.toString());
        Result noTarget = cli("dlq", "list");
        assertEquals(2, noTarget.code());
        assertTrue(noTarget.err().contains("name exactly one target"), noTarget.toString());
        Result twoTargets = cli("dlq", "list", "--jmx", "h:1", "--pid", "1");
        assertEquals(2, twoTargets.code(), twoTargets.toString());
        Result noSelection = cli("dlq", "replay", "--jmx", "h:1");
        assertEquals(2, noSelection.code());
        assertTrue(noSelection.err().contains("needs exactly one of --all, --queue QUEUE, --selector SELECTOR or message ids"),
                noSelection.toString());
        assertEquals(2, cli("dlq", "purge", "--all", "--queue", "work", "--jmx", "h:1").code());
        Result limit = cli("dlq", "list", "--limit", "0", "--jmx", "h:1");
        assertEquals(2, limit.code());
        assertTrue(limit.err().contains("--limit must be a whole number from 1 to 2147483647, was '0'"), limit.toString());
        assertEquals(2, cli("dlq", "list", "--pid", "abc").code());
        assertEquals(2, cli("dlq", "list", "--jmx", "host-without-port").code());
        assertEquals(2, cli("dlq", "show", "--jmx", "h:1").code(), "show needs an id");
        assertEquals(2, cli("dlq", "list", "--jmx", "h:1", "--dlq", "DLQ").code(), "--dlq is for journals");
        assertEquals(2, cli("dlq", "list", "--verbose", "--jmx", "h:1").code());
        assertEquals(2, cli("dlq", "list", "--pid", "1", "--jmx-user", "ops").code(), "--jmx-user is for --jmx");

        Result noDirectory = cli("dlq", "list", "--journal", dir.resolve("nope").toString());
        assertEquals(3, noDirectory.code());
        assertTrue(noDirectory.err().contains("no such directory: " + dir.resolve("nope")), noDirectory.toString());
        Result noJournal = cli("dlq", "list", "--journal", dir.toString());
        assertEquals(3, noJournal.code());
        assertTrue(noJournal.err().contains("holds no fpm-jms journal"), noJournal.toString());
        Result noProcess = cli("dlq", "list", "--pid", "999999999");
        assertEquals(3, noProcess.code(), noProcess.toString());
        assertTrue(noProcess.err().contains("cannot attach to process 999999999"), noProcess.toString());
    }
}
