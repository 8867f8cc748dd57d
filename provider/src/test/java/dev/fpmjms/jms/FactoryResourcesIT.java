package dev.fpmjms.jms;

import dev.fpmjms.testing.Await;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Factories with different configurations, each used through the embedded php-fpm and then
 * closed with its connections: threads, file descriptors and child processes go back to where
 * they were, without {@code shutdown()}. Counts only, each awaited with a deadline.
 */
@Timeout(300)
class FactoryResourcesIT {

    private static final int FACTORIES = 12;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** Threads fpm-jms started (engines, sessions, FastCGI I/O loops). */
    private static long providerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("fpm-jms") || t.getName().startsWith("fpmjms"))
                .count();
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long childProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
    }

    private static void awaitAtMost(String what, LongSupplier count, long limit) {
        Await.until(() -> what + " back to at most " + limit + " (now " + count.getAsLong() + ")", DEADLINE,
                () -> count.getAsLong() <= limit);
    }

    /** One factory of a configuration of its own: one echo through its php-fpm, then everything closed. */
    private static void useAndClose(String name) {
        try (FpmConnectionFactory factory = new FpmConnectionFactory("fpm:?name=" + name
                + "&embeddedFpm.maxChildren=1&route.work=embedded|builtin:echo&route.work.maxInFlight=1");
             JMSContext ctx = factory.createContext()) {
            Queue work = ctx.createQueue("work");
            JMSConsumer replies = ctx.createConsumer(work);
            ctx.createProducer().send(work, name);
            assertEquals(name, replies.receiveBody(String.class, DEADLINE.toMillis()), "echo through " + name);
        }
    }

    @Test
    void closedFactoriesLeaveNoThreadFileOrProcessBehind() {
        long threads = providerThreads();
        long processes = childProcesses();
        useAndClose("resources-warm-up-" + UUID.randomUUID()); // class loading opens jars once
        awaitAtMost("fpm-jms threads after the first factory", FactoryResourcesIT::providerThreads, threads);
        awaitAtMost("child processes after the first factory", FactoryResourcesIT::childProcesses, processes);
        long fds = openFds();

        for (int i = 0; i < FACTORIES; i++) {
            useAndClose("resources-" + i + "-" + UUID.randomUUID());
        }

        awaitAtMost("fpm-jms threads", FactoryResourcesIT::providerThreads, threads);
        awaitAtMost("open file descriptors", FactoryResourcesIT::openFds, fds);
        awaitAtMost("child processes (php-fpm masters, workers, watchdogs)", FactoryResourcesIT::childProcesses, processes);
    }
}
