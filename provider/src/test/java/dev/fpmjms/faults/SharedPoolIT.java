package dev.fpmjms.faults;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.testing.Await;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Several application instances, and a plain FastCGI client standing in for nginx, on one static
 * pool of {@value #CHILDREN} children started by the test, every engine with the default
 * settings and {@code maxInFlight = 4} (each alone could fill the pool).
 *
 * <p>The bound: every message is replied within {@link #BOUND} of its own send, none is
 * dead-lettered or counted as redelivered (each run has {@code retry.maxAttempts = 1}, so any
 * attempt counted as a failure dead-letters). Before the pool was shared, an engine that went
 * second got no reply at all: the first engine's idle kept connections pinned every child.
 */
@Timeout(180)
class SharedPoolIT {
    /** Files the PHP workers write: they run as another user than a root JVM (nobody). */
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> WORKER_WRITABLE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-");

    private static final int CHILDREN = 4;
    private static final int MESSAGES = 50;
    private static final int SLEEP_MS = 10;
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static EmbeddedPhpFpm fpm;
    private static String echo;
    private static Path work;
    private static Path barrier;

    @BeforeAll
    static void startPhpFpm() throws IOException {
        fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(CHILDREN, 0, Map.of(), null)).start();
        echo = fpm.builtinScript("echo").toString();
        work = fpm.installScript("work.php", resource("/php/sharing/work.php"));
        barrier = fpm.installScript("barrier.php", resource("/php/sharing/barrier.php"));
    }

    @AfterAll
    static void stopPhpFpm() {
        fpm.close();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SharedPoolIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Two or three engines, in this JVM or each in a child JVM, sending in turns (each waits for
     * the one before it to have all its replies; the earlier engines stay up) or all at once.
     */
    @ParameterizedTest(name = "{0} engines, separate JVMs {1}, at once {2}")
    @CsvSource({"2, false, false", "2, false, true", "3, false, false", "3, false, true",
            "2, true, false", "2, true, true", "3, true, false", "3, true, true"})
    void everyEngineGetsEveryReplyWithinTheBound(int engines, boolean separateJvms, boolean atOnce) throws Exception {
        List<Tenant> tenants = new ArrayList<>();
        try {
            for (int i = 0; i < engines; i++) {
                String name = "app" + (char) ('A' + i) + "-" + UUID.randomUUID();
                tenants.add(separateJvms ? new ChildTenant(name) : new LocalTenant(name));
            }
            List<PoolTenant.Result> results = new ArrayList<>();
            if (atOnce) {
                tenants.forEach(Tenant::start);
                for (Tenant t : tenants) {
                    results.add(t.result());
                }
            } else {
                for (Tenant t : tenants) {
                    t.start();
                    results.add(t.result());
                }
            }
            for (PoolTenant.Result r : results) {
                assertFair(r);
            }
        } finally {
            tenants.forEach(Tenant::close);
        }
    }

    @Test
    void aPlainFastCgiClientThatKeepsItsConnectionsAndAnEngineBothProgress() throws Exception {
        try (StandIn nginx = new StandIn(2)) {
            awaitTrue(() -> nginx.completed() >= 10, "the stand-in got going");
            LocalTenant app = new LocalTenant("appA-" + UUID.randomUUID());
            try {
                int before = nginx.completed();
                app.start();
                PoolTenant.Result r = app.result();
                assertFair(r);
                int after = nginx.completed();
                assertTrue(after > before, "the stand-in made no progress while the engine ran: " + before);
                assertNull(nginx.failure(), "stand-in failure");
            } finally {
                app.close();
            }
        }
    }

    @Test
    void anIdleEnginePinsNoChild() throws Exception {
        LocalTenant app = new LocalTenant("appA-" + UUID.randomUUID());
        try {
            app.start();
            assertFair(app.result());
            // The engine is up and idle: the status page counts every child idle but the one that
            // answers it (php-fpm refreshes its counts about once a second) ...
            try (FcgiClient plain = plainClient(CHILDREN, false)) {
                awaitTrue(() -> status(plain).get("idle processes") == CHILDREN - 1, "every child idle");
                // ... and all children serve another client at the same time.
                assertEquals(List.of("met", "met", "met", "met"), barrierRound(plain));
            }
        } finally {
            app.close();
        }
    }

    /**
     * Every child busy for longer than the engine's read timeout: the engine's requests wait for
     * a child in the listen backlog. That wait is not a failed delivery: with one attempt allowed,
     * every message is still replied on its first counted attempt.
     */
    @Test
    void waitingForABusyPoolIsNotAFailedDelivery() throws Exception {
        Path hold = Files.createTempFile("fpmjms-hold", ".txt");
        Files.setPosixFilePermissions(hold, WORKER_WRITABLE);
        try (FcgiClient plain = plainClient(CHILDREN, false)) {
            Map<String, String> p = workParams(2500);
            p.put("HOLD_FILE", hold.toString());
            List<CompletableFuture<FcgiResponse>> held = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                held.add(plain.execute(p, new byte[0]));
            }
            awaitTrue(() -> lines(hold) == CHILDREN, "every child busy");
            String name = "appA-" + UUID.randomUUID();
            FpmConfig config = PoolTenant.config(name, fpm.endpointString(), echo, Duration.ofMillis(500), 1);
            FpmConnectionFactory factory = new FpmConnectionFactory(config);
            try {
                PoolTenant.Result r = PoolTenant.run(factory, config, 8, 0, BOUND);
                assertEquals(new PoolTenant.Result(name, 8, 8, 0, 0, r.maxLatencyMillis()), r);
            } finally {
                factory.shutdown();
            }
            for (CompletableFuture<FcgiResponse> f : held) {
                assertEquals(200, CgiResponseParser.parse(f.get(20, TimeUnit.SECONDS).stdout(), 8192).status());
            }
        } finally {
            Files.deleteIfExists(hold);
        }
    }

    private static void assertFair(PoolTenant.Result r) {
        assertEquals(MESSAGES, r.replied(), r.line());
        assertEquals(0, r.deadLettered(), r.line());
        assertEquals(0, r.redelivered(), r.line());
        assertTrue(r.maxLatencyMillis() <= BOUND.toMillis(), r.line());
    }

    /** A client that does not adapt and keeps no connection unless asked: what nginx does. */
    private static FcgiClient plainClient(int maxInFlight, boolean keepAlive) {
        return new FcgiClient(FcgiEndpoint.parse(fpm.endpointString()), FcgiClientSettings.builder()
                .maxInFlight(maxInFlight).keepAlive(keepAlive).readTimeout(Duration.ofSeconds(30))
                .saturationWait(Duration.ZERO).idleLinger(Duration.ofMinutes(10)).build());
    }

    private static Map<String, String> workParams(int sleepMs) {
        Map<String, String> p = new HashMap<>();
        p.put("SCRIPT_FILENAME", work.toString());
        p.put("REQUEST_METHOD", "GET");
        p.put("SLEEP_MS", Integer.toString(sleepMs));
        return p;
    }

    /** {@value #CHILDREN} requests at once that meet only when as many children are free for them. */
    private static List<String> barrierRound(FcgiClient plain) throws Exception {
        Path counter = Files.createTempFile("fpmjms-barrier", ".txt");
        Files.setPosixFilePermissions(counter, WORKER_WRITABLE);
        try {
            Map<String, String> p = new HashMap<>();
            p.put("SCRIPT_FILENAME", barrier.toString());
            p.put("REQUEST_METHOD", "GET");
            p.put("COUNTER_FILE", counter.toString());
            p.put("BARRIER", Integer.toString(CHILDREN));
            p.put("WAIT_MS", "20000"); // generous: a met barrier answers at once, only a missed one waits it out
            List<CompletableFuture<FcgiResponse>> all = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                all.add(plain.execute(p, new byte[0]));
            }
            List<String> out = new ArrayList<>();
            for (CompletableFuture<FcgiResponse> f : all) {
                FcgiResponse r = f.get(30, TimeUnit.SECONDS);
                out.add(new String(CgiResponseParser.parse(r.stdout(), 8192).body(), StandardCharsets.US_ASCII));
            }
            return out;
        } finally {
            Files.deleteIfExists(counter);
        }
    }

    private static final Pattern STATUS_FIELD = Pattern.compile("\"([a-z ]+)\":(\\d+)");

    /** The pool's status page (json), its numbers by name. */
    private static Map<String, Integer> status(FcgiClient plain) {
        Map<String, String> p = new HashMap<>();
        p.put("SCRIPT_NAME", fpm.statusPath());
        p.put("SCRIPT_FILENAME", fpm.statusPath());
        p.put("REQUEST_METHOD", "GET");
        p.put("QUERY_STRING", "json");
        try {
            FcgiResponse r = plain.execute(p, new byte[0]).get(30, TimeUnit.SECONDS);
            String json = new String(CgiResponseParser.parse(r.stdout(), 8192).body(), StandardCharsets.US_ASCII);
            Map<String, Integer> fields = new HashMap<>();
            Matcher m = STATUS_FIELD.matcher(json);
            while (m.find()) {
                fields.put(m.group(1), Integer.parseInt(m.group(2)));
            }
            return fields;
        } catch (Exception e) {
            throw new IllegalStateException("status page: " + e, e);
        }
    }

    private static int lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(30), condition::getAsBoolean);
    }

    /** One application instance: started, its result awaited, then closed (its engine stays up until then). */
    private interface Tenant {
        void start();

        PoolTenant.Result result() throws Exception;

        void close();
    }

    /** A tenant with an engine in this JVM, running on a thread of its own. */
    private static final class LocalTenant implements Tenant {
        private final FpmConfig config;
        private final FpmConnectionFactory factory;
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private Future<PoolTenant.Result> result;

        LocalTenant(String name) {
            this.config = PoolTenant.config(name, fpm.endpointString(), echo, READ_TIMEOUT, 1);
            this.factory = new FpmConnectionFactory(config);
        }

        @Override
        public void start() {
            result = thread.submit(() -> PoolTenant.run(factory, config, MESSAGES, SLEEP_MS, BOUND));
        }

        @Override
        public PoolTenant.Result result() throws Exception {
            return result.get(BOUND.toSeconds() * 3, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            thread.shutdownNow();
            factory.shutdown();
        }
    }

    /** A tenant in a child JVM ({@link PoolTenant#main}); its engine stays up until its stdin is closed. */
    private static final class ChildTenant implements Tenant {
        private final String name;
        private Process process;
        private Path stderr;

        ChildTenant(String name) {
            this.name = name;
        }

        @Override
        public void start() {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            try {
                stderr = Files.createTempFile("fpmjms-tenant", ".err");
                process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-cp", classPath, PoolTenant.class.getName(), name, fpm.endpointString(), echo,
                        Integer.toString(MESSAGES), Integer.toString(SLEEP_MS), Long.toString(BOUND.toMillis()),
                        Long.toString(READ_TIMEOUT.toMillis()), "1")
                        .redirectError(stderr.toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a child JVM", e);
            }
        }

        @Override
        public PoolTenant.Result result() throws Exception {
            BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            String line = in.readLine();
            if (line == null) {
                fail("tenant " + name + " ended without a result; stderr:\n" + Files.readString(stderr));
            }
            return PoolTenant.Result.parse(line);
        }

        @Override
        public void close() {
            if (process == null) {
                return;
            }
            try {
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                Files.deleteIfExists(stderr);
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Stands in for nginx: {@code connections} loops of requests to the plain worker (10 ms each)
     * over kept connections that it never gives back while it runs, and no adaptation.
     */
    private static final class StandIn implements AutoCloseable {
        private final FcgiClient client;
        private final AtomicInteger completed = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stopped;

        StandIn(int connections) {
            client = plainClient(connections, true);
            for (int i = 0; i < connections; i++) {
                next();
            }
        }

        private void next() {
            if (stopped) {
                return;
            }
            client.execute(workParams(10), new byte[0]).whenCompleteAsync((r, e) -> {
                if (e != null) {
                    if (!stopped) {
                        failure.compareAndSet(null, e);
                    }
                    return;
                }
                completed.incrementAndGet();
                next();
            });
        }

        int completed() {
            return completed.get();
        }

        Throwable failure() {
            return failure.get();
        }

        @Override
        public void close() {
            stopped = true;
            client.close();
        }
    }
}
