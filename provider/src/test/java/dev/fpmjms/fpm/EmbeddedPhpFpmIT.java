package dev.fpmjms.fpm;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.fastcgi.CgiResponse;
import dev.fpmjms.fastcgi.CgiResponseParser;
import dev.fpmjms.fastcgi.FcgiResponse;
import dev.fpmjms.testing.Await;
import dev.fpmjms.transport.FcgiClient;
import dev.fpmjms.transport.FcgiClientSettings;
import dev.fpmjms.transport.FcgiEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class EmbeddedPhpFpmIT {

    private static final EmbeddedFpmSettings TWO_CHILDREN = new EmbeddedFpmSettings(2, 0, Map.of("memory_limit", "64M"), null);

    @ParameterizedTest
    @EnumSource(EmbeddedPhpFpm.Listen.class)
    void startsAnswersAndLeavesNothingBehind(EmbeddedPhpFpm.Listen listen) throws Exception {
        EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(TWO_CHILDREN, listen, Map.of());
        Path dir;
        ProcessHandle master;
        List<ProcessHandle> children;
        try {
            fpm.start();
            master = ProcessHandle.of(fpm.pid()).orElseThrow();
            // php-fpm may answer on its socket before it has forked its last static child.
            Await.until("pm = static with 2 children", Duration.ofSeconds(20), () -> master.children().count() == 2);
            children = master.children().toList();
            assertEquals(2, children.size(), "pm = static with 2 children");
            dir = fpm.scriptDirectory().getParent();
            assertTrue(FpmProbe.answers(fpm.endpointAddress(), Duration.ofSeconds(1)));
            if (listen == EmbeddedPhpFpm.Listen.UNIX) {
                UnixDomainSocketAddress a = assertInstanceOf(UnixDomainSocketAddress.class, fpm.endpointAddress());
                assertEquals("unix:" + a.getPath(), fpm.endpointString());
                assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.getPath())));
            } else {
                InetSocketAddress a = assertInstanceOf(InetSocketAddress.class, fpm.endpointAddress());
                assertEquals("tcp://127.0.0.1:" + a.getPort(), fpm.endpointString());
            }
            String conf = Files.readString(dir.resolve("pool.conf"));
            assertTrue(conf.contains("php_admin_value[memory_limit] = \"64M\""), conf);
            // Worker output to fd 2 reaches php-fpm's log by default (embeddedFpm.catchWorkersOutput).
            assertTrue(conf.contains("catch_workers_output = \"yes\""), conf);
            Path script = fpm.installScript("t.php", "<?php echo 1;");
            assertEquals(fpm.scriptDirectory().resolve("t.php"), script);
            assertTrue(Files.exists(fpm.errorLog()));
        } finally {
            fpm.close();
        }
        assertFalse(master.isAlive(), "master still alive");
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), "child still alive: " + child.pid());
        }
        assertFalse(Files.exists(dir), "temp dir left: " + dir);
        fpm.close(); // idempotent
    }

    @Test
    void builtinScriptRejectsUnknownName() {
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(1, 0, Map.of(), null)).start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> fpm.builtinScript("no-such-worker"));
            assertTrue(e.getMessage().contains("no-such-worker"), e.getMessage());
            fpm.installScript("mine.php", "<?php");
            assertEquals(fpm.scriptDirectory().resolve("mine.php"), fpm.builtinScript("mine"));
        }
    }

    @Test
    void badConfigurationFailsWithTheLog() {
        EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(1, 0, Map.of(), null),
                EmbeddedPhpFpm.Listen.UNIX, Map.of("pm.no_such_directive", "1"));
        IllegalStateException e = assertThrows(IllegalStateException.class, fpm::start);
        assertTrue(e.getMessage().contains("exited during start-up"), e.getMessage());
        assertTrue(e.getMessage().contains("pm.no_such_directive"), e.getMessage());
    }

    @Test
    void rejectsIniValuesThatWouldBreakTheConfigFile() {
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedPhpFpm(
                new EmbeddedFpmSettings(1, 0, Map.of("x", "a\"b"), null)));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedPhpFpm(
                new EmbeddedFpmSettings(1, 0, Map.of("x\ny", "1"), null)));
    }

    @Test
    void theShippedHelperIsPreloadedUnlessSwitchedOff() throws Exception {
        assertEquals("preloaded 2", probePreload(Map.of()));
        assertEquals("preloaded 2", probePreload(Map.of(EmbeddedPhpFpm.PRELOAD_INI, EmbeddedFpmSettings.PRELOAD_SHIPPED_HELPER)));
        assertEquals("not preloaded 2", probePreload(Map.of(EmbeddedPhpFpm.PRELOAD_INI, "")));
    }

    @Test
    void anUnknownBuiltinPreloadIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EmbeddedPhpFpm(
                new EmbeddedFpmSettings(1, 0, Map.of(EmbeddedPhpFpm.PRELOAD_INI, "builtin:echo.php"), null)));
        assertTrue(e.getMessage().contains("builtin:echo.php") && e.getMessage().contains(EmbeddedFpmSettings.PRELOAD_SHIPPED_HELPER),
                e.getMessage());
    }

    @Test
    void workerOutputToStderrReachesTheLogUnlessCatchingIsOff() throws Exception {
        assertTrue(stderrReachesLog(true), "catchWorkersOutput=true: the worker's stderr line is in php-fpm's log");
        assertFalse(stderrReachesLog(false), "catchWorkersOutput=false: the worker's stderr line is dropped");
    }

    /**
     * Runs a script that writes a line to php://stderr, then one that logs through error_log()
     * (which reaches the client as FastCGI stderr in either case, and marks the end); whether the
     * first line is in php-fpm's log.
     */
    private static boolean stderrReachesLog(boolean catchOutput) throws Exception {
        EmbeddedFpmSettings settings = new EmbeddedFpmSettings(1, 0, Map.of(), null).withCatchWorkersOutput(catchOutput);
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(settings).start();
             FcgiClient client = new FcgiClient(FcgiEndpoint.parse(fpm.endpointString()), FcgiClientSettings.builder().build())) {
            String conf = Files.readString(fpm.scriptDirectory().getParent().resolve("pool.conf"));
            assertTrue(conf.contains("catch_workers_output = \"" + (catchOutput ? "yes" : "no") + "\""), conf);
            String marker = "fpmjms-worker-stderr-" + catchOutput;
            Path script = fpm.installScript("err.php", "<?php file_put_contents('php://stderr', '" + marker + "' . PHP_EOL);"
                    + " echo 'ok';");
            Map<String, String> params = Map.of("SCRIPT_FILENAME", script.toString(), "REQUEST_METHOD", "GET");
            FcgiResponse r = client.execute(params, new byte[0]).get(20, TimeUnit.SECONDS);
            assertEquals(200, CgiResponseParser.parse(r.stdout(), 64 * 1024).status());
            if (!catchOutput) {
                return Files.readString(fpm.errorLog()).contains(marker);
            }
            // The master copies the child's pipe into the log asynchronously: wait for it.
            Await.until("the worker's stderr line in php-fpm's log", Duration.ofSeconds(20),
                    () -> Files.readString(fpm.errorLog()).contains(marker));
            return true;
        }
    }

    /** What a worker sees: whether the helper's classes exist before it requires the helper. */
    private static String probePreload(Map<String, String> ini) throws Exception {
        try (EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(new EmbeddedFpmSettings(1, 0, ini, null)).start()) {
            Path script = fpm.installScript("probe.php", "<?php\n"
                    + "$before = class_exists('FpmJms\\\\Request', false) ? 'preloaded' : 'not preloaded';\n"
                    + "require_once 'fpmjms.php';\n"
                    + "echo $before, ' ', \\FpmJms\\Request::PROTOCOL;\n");
            String conf = Files.readString(fpm.scriptDirectory().getParent().resolve("pool.conf"));
            assertFalse(conf.contains("opcache.preload"), "a start-up setting is not a pool setting: " + conf);
            Map<String, String> params = Map.of("SCRIPT_FILENAME", script.toString(), "REQUEST_METHOD", "GET");
            try (FcgiClient client = new FcgiClient(FcgiEndpoint.parse(fpm.endpointString()), FcgiClientSettings.builder().build())) {
                FcgiResponse r = client.execute(params, new byte[0]).get(20, TimeUnit.SECONDS);
                CgiResponse c = CgiResponseParser.parse(r.stdout(), 64 * 1024);
                assertEquals(200, c.status(), new String(r.stderr(), StandardCharsets.UTF_8));
                return new String(c.body(), StandardCharsets.UTF_8);
            }
        }
    }
}
