package dev.fpmjms.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Endless STDOUT on all 16 connections of a client in a JVM of 256 MiB: the issue's
 * {@code OutOfMemoryError} scenario, in a child JVM ({@link ReplyFlood}) so that the heap is
 * small and real. Every flooded request fails with a size or memory outcome, nothing runs out
 * of memory, and the client answers the requests that follow.
 */
class ReplyFloodTest {

    private static final int LATER = 10;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sixteenEndlessRepliesInA256MiBHeapFailAloneAndTheClientGoesOn(@TempDir Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path stderr = dir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath, ReplyFlood.class.getName(), Integer.toString(LATER))
                .redirectError(stderr.toFile())
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(1, TimeUnit.MINUTES), "child ended");
        }
        String errors = Files.readString(stderr);
        String all = String.join("\n", lines) + "\nchild stderr:\n" + errors;
        assertFalse(errors.contains("OutOfMemoryError"), all);
        assertEquals(ReplyFlood.FLOODERS + LATER + 1, lines.size(), all);
        for (String line : lines.subList(0, ReplyFlood.FLOODERS)) {
            assertTrue(line.equals("flood REPLY_TOO_LARGE") || line.equals("flood NO_REPLY_MEMORY"), all);
        }
        for (String line : lines.subList(ReplyFlood.FLOODERS, ReplyFlood.FLOODERS + LATER)) {
            assertTrue(line.startsWith("after ok c"), all);
        }
        assertEquals("done", lines.get(lines.size() - 1), all);
        assertEquals(0, child.exitValue(), all);
    }
}
