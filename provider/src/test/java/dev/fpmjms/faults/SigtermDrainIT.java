package dev.fpmjms.faults;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a JVM whose engine holds NON_PERSISTENT messages for a slow worker on its embedded
 * php-fpm ({@link DrainingJvm}): the engine's shutdown hook drains before the JVM ends (the
 * embedded php-fpm's own hook waits for it), so every message is processed, and the drain's line
 * is logged.
 */
@Timeout(120)
class SigtermDrainIT {
    private static final int COUNT = 6;
    private Process child;
    private Path dir;

    @AfterEach
    void cleanUp() throws IOException {
        if (child != null) {
            child.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void sigtermDrainsTheQueuedMessagesBeforeTheJvmEnds() throws Exception {
        // Workers run as nobody when the JVM is root: they must read the scripts and write here.
        dir = Files.createTempDirectory("fpmjms-sigterm-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(dir.resolve("attempts"));
        Files.setPosixFilePermissions(dir.resolve("attempts"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Path script = copy("/php/faults/recorder.php", dir.resolve("recorder.php"));
        // fpmjms.php, which it requires, is the embedded php-fpm's own (preloaded)
        Path log = dir.resolve("child.log");

        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", classPath, DrainingJvm.class.getName(),
                script.toString(), dir.toString(), Integer.toString(COUNT), "300")
                .redirectError(log.toFile()).start();
        List<String> ids = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null && !line.equals("sent"); ) {
            if (line.startsWith("id ")) {
                ids.add(line.substring(3));
            }
        }
        assertEquals(COUNT, ids.size(), "the child sent its messages; its log: " + read(log));

        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the child JVM ended after its drain");
        String said = read(log);
        assertTrue(said.contains("fpm-jms 'sigterm-drain' shut down: drained within drainTimeout 60s; nothing held in memory was dropped"),
                said);
        Map<String, Integer> done = done();
        for (String id : ids) {
            assertEquals(1, done.getOrDefault(id, 0), "runs that did the work of " + id + "; child log: " + said);
        }
    }

    private Map<String, Integer> done() throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        Path file = dir.resolve("done.log");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                counts.merge(line.substring(0, line.lastIndexOf(' ')), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static Path copy(String resource, Path to) throws IOException {
        try (InputStream in = SigtermDrainIT.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing");
            }
            Files.write(to, in.readAllBytes());
        }
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
        return to;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
