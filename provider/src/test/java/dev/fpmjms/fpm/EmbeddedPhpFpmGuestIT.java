package dev.fpmjms.fpm;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fastcgi.CgiResponse;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.testing.Await;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded php-fpm is a guest of its JVM: it dies with the JVM however the JVM ends, leaves no
 * directory behind, shows its workers no environment they were not given, and does not run them
 * as root. Real php-fpm, real child JVMs killed with {@code kill -9}; every wait has a deadline.
 */
@Timeout(120)
class EmbeddedPhpFpmGuestIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SECRET = "s3cret-" + ProcessHandle.current().pid();

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(p -> p.toHandle().destroyForcibly());
    }

    /** A started child JVM and what it printed. */
    private record Holder(Process jvm, long master, Path dir, String endpoint) {
        ProcessHandle watchdog() {
            return jvm.toHandle().children()
                    .filter(c -> c.pid() != master && c.info().command().map(s -> s.endsWith("sh")).orElse(false))
                    .findFirst().orElseThrow(() -> new AssertionError("no watchdog among the child JVM's processes"));
        }
    }

    private Holder startHolder() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", classPath, FpmHoldingJvm.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("FPMJMS_TEST_SECRET", SECRET);
        pb.environment().put("FPMJMS_PASSED", "passed-value");
        Process jvm = pb.start();
        children.add(jvm);
        Map<String, String> said = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null && !line.equals("ready"); ) {
            int space = line.indexOf(' ');
            said.put(line.substring(0, space), line.substring(space + 1));
        }
        assertTrue(said.containsKey("endpoint"), "the child JVM started php-fpm: " + said);
        return new Holder(jvm, Long.parseLong(said.get("master")), Path.of(said.get("dir")), said.get("endpoint"));
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, DEADLINE, condition::getAsBoolean);
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /** Runs {@code php} as a script of the php-fpm at {@code endpoint} and returns its output. */
    private static String run(String endpoint, Path scriptDir, String php) throws Exception {
        Path script = scriptDir.resolve("guest-probe.php");
        Files.writeString(script, php);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> params = Map.of("SCRIPT_FILENAME", script.toString(), "REQUEST_METHOD", "GET");
        try (FcgiClient client = new FcgiClient(FcgiEndpoint.parse(endpoint), FcgiClientSettings.builder().build())) {
            FcgiResponse r = client.execute(params, new byte[0]).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            CgiResponse c = CgiResponseParser.parse(r.stdout(), 64 * 1024);
            assertEquals(200, c.status(), new String(r.stderr(), StandardCharsets.UTF_8));
            return new String(c.body(), StandardCharsets.UTF_8);
        }
    }

    private static final String ENV_PROBE = "<?php\n"
            + "foreach (['FPMJMS_TEST_SECRET', 'GIVEN', 'FPMJMS_PASSED'] as $n) {\n"
            + "  echo $n, '=', var_export(getenv($n), true), ' ', var_export($_SERVER[$n] ?? null, true), ' ',"
            + " var_export($_ENV[$n] ?? null, true), \"\\n\";\n"
            + "}\n";

    @Test
    void phpFpmDiesWithItsJvmOnKillDashNineAndSeesNoSecretOfIt() throws Exception {
        Holder h = startHolder();
        List<ProcessHandle> workers = ProcessHandle.of(h.master()).orElseThrow().children().toList();
        assertEquals(2, workers.size(), "pm = static with 2 children");

        String env = run(h.endpoint(), h.dir().resolve("php"), ENV_PROBE);
        assertTrue(env.contains("FPMJMS_TEST_SECRET=false NULL NULL"), "the JVM's secret is not visible from PHP:\n" + env);
        assertTrue(env.contains("GIVEN='given-value' 'given-value'"), "embeddedFpm.env reaches PHP:\n" + env);
        assertTrue(env.contains("FPMJMS_PASSED='passed-value' 'passed-value'"), "embeddedFpm.passEnv reaches PHP:\n" + env);
        String conf = Files.readString(h.dir().resolve("pool.conf"));
        assertFalse(conf.contains("given-value"), "values stay out of the configuration files:\n" + conf);

        h.jvm().toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(h.jvm().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the child JVM ended");
        await("the php-fpm master ended", () -> gone(h.master()));
        for (ProcessHandle w : workers) {
            await("worker " + w.pid() + " ended", () -> !w.isAlive());
        }
        await("the directory was removed", () -> !Files.exists(h.dir()));
    }

    @Test
    void aDirectoryWhoseJvmAndWatchdogDiedIsCleanedAtTheNextStart() throws Exception {
        Holder h = startHolder();
        ProcessHandle watchdog = h.watchdog();
        List<ProcessHandle> workers = ProcessHandle.of(h.master()).orElseThrow().children().toList();
        watchdog.destroyForcibly();
        await("the watchdog ended", () -> !watchdog.isAlive());
        h.jvm().toHandle().destroyForcibly();
        assertTrue(h.jvm().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the child JVM ended");
        assertFalse(gone(h.master()), "with no watchdog, php-fpm outlives its JVM");
        assertTrue(Files.exists(h.dir().resolve(StaleDirectories.OWNER_FILE)));

        // A directory whose owner is alive (this JVM) is kept.
        Path live = Files.createTempDirectory(StaleDirectories.PREFIX);
        StaleDirectories.claim(live);
        try (EmbeddedPhpFpm next = new EmbeddedPhpFpm(new EmbeddedFpmSettings(1, 0, Map.of(), null)).start()) {
            assertTrue(next.isAlive());
            assertFalse(Files.exists(h.dir()), "the dead JVM's directory was removed at the next start");
            assertTrue(Files.exists(live), "a live JVM's directory is kept");
        } finally {
            Files.deleteIfExists(live.resolve(StaleDirectories.OWNER_FILE));
            Files.deleteIfExists(live);
        }
        await("the leftover php-fpm master was killed", () -> gone(h.master()));
        for (ProcessHandle w : workers) {
            await("leftover worker " + w.pid() + " ended", () -> !w.isAlive());
        }
        // Nothing of its process group is left either: no child forked by the dying master survives it.
        await("no process left in the leftover php-fpm's process group " + h.master(),
                () -> inProcessGroup(h.master()).isEmpty());
    }

    /** The live processes whose process group is {@code pgid} (field 5 of {@code /proc/<pid>/stat}). */
    private static List<Long> inProcessGroup(long pgid) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .filter(pid -> processGroup(pid) == pgid).toList();
    }

    private static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]); // after the command: state, ppid, pgrp
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile
        }
    }

    @Test
    void workersOfARootJvmDoNotRunAsRoot() throws Exception {
        EmbeddedFpmSettings settings = new EmbeddedFpmSettings(2, 0, Map.of(), null);
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(settings).start()) {
            List<ProcessHandle> workers = ProcessHandle.of(fpm.pid()).orElseThrow().children().toList();
            assertEquals(2, workers.size());
            String expected = RunningUser.isRoot() ? EmbeddedFpmSettings.DEFAULT_ROOT_WORKER_USER
                    : System.getProperty("user.name");
            // A child forks as root and drops to the pool's user before it serves: wait for that.
            for (ProcessHandle w : workers) {
                await("worker " + w.pid() + " runs as " + expected, () -> expected.equals(w.info().user().orElse("?")));
            }
            // The shipped helper (preloaded, required from the include path) works as that user.
            String uid = run(fpm.endpointString(), fpm.scriptDirectory(),
                    "<?php require_once 'fpmjms.php';\n"
                            + "preg_match('/^Uid:\\s+\\d+\\s+(\\d+)/m', file_get_contents('/proc/self/status'), $m);\n"
                            + "echo $m[1];\n");
            if (RunningUser.isRoot()) {
                assertNotEquals("0", uid.strip(), "workers' effective uid");
            }
        }
    }

    @Test
    void aWorkerUserCanBeChosen() throws Exception {
        EmbeddedFpmSettings settings = new EmbeddedFpmSettings(1, 0, Map.of(), null, Map.of(), List.of(), "daemon");
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(settings).start()) {
            ProcessHandle worker = ProcessHandle.of(fpm.pid()).orElseThrow().children().findFirst().orElseThrow();
            String expected = RunningUser.isRoot() ? "daemon" : System.getProperty("user.name");
            await("the worker runs as " + expected, () -> expected.equals(worker.info().user().orElse("?")));
        }
    }
}
