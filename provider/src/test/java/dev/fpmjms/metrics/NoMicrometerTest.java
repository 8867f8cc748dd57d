package dev.fpmjms.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Micrometer is optional: one class imports it, and the provider runs (metrics, JMX) without it. */
@Timeout(120)
class NoMicrometerTest {

    @Test
    void onlyTheBinderImportsMicrometer() throws IOException {
        Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources), "run from the provider module: " + sources.toAbsolutePath());
        List<String> importing;
        try (Stream<Path> files = Files.walk(sources)) {
            importing = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("import io.micrometer");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
        assertEquals(List.of("FpmMetricsBinder.java"), importing);
    }

    @Test
    void anEngineCountsAndRegistersItsBeansWithNoMicrometerOnTheClassPath() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String without = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !e.contains("micrometer")).collect(Collectors.joining(File.pathSeparator));
        assertFalse(without.equals(classPath), "the test's class path has Micrometer to take away");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", without, WithoutMicrometer.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("ok"), out);
    }
}
