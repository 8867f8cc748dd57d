package dev.fpmjms.tracing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenTelemetry API is an optional dependency: in a class loader that has the provider, its
 * tests and everything else on the test class path but no {@code io.opentelemetry} jar, tracing
 * is off and a send, its dispatch, the reply's receive and a listener's delivery all work, the
 * W3C context still reaching the reply.
 */
@Timeout(60)
class NoOpenTelemetryTest {

    private static URLClassLoader withoutOpenTelemetry() throws Exception {
        List<URL> urls = new ArrayList<>();
        boolean dropped = false;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (Path.of(entry).getFileName().toString().startsWith("opentelemetry-")) {
                dropped = true;
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        assertTrue(dropped, "the test class path has the OpenTelemetry jars to leave out");
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void withoutTheApiThereAreNoSpansAndEverythingWorks() throws Exception {
        try (URLClassLoader loader = withoutOpenTelemetry()) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(TracingLoader.API_CLASS));
            assertFalse(TracingLoader.apiPresent(loader));
            @SuppressWarnings("unchecked")
            Callable<String> run = (Callable<String>) loader.loadClass(WithoutOpenTelemetry.class.getName())
                    .getDeclaredConstructor().newInstance();
            assertEquals("spans=false\nreply=done\nreplyTraceparent=" + WithoutOpenTelemetry.TRACEPARENT + "\nlistener=heard\n",
                    run.call());
        }
    }

    @Test
    void withTheApiTracingCanOpenSpans() {
        assertTrue(TracingLoader.apiPresent(NoOpenTelemetryTest.class.getClassLoader()));
        assertTrue(Tracing.of(true).spans());
        assertFalse(Tracing.of(false).spans());
        assertFalse(Tracing.none().spans());
    }
}
