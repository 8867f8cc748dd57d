package dev.fpmjms.fpm;

import dev.fpmjms.config.FpmConfig;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.jms.FpmConnectionFactory;
import dev.fpmjms.testing.Await;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample production pool ({@code php/fpm-jms-pool.conf}) serving a worker queue, as
 * docs/php-workers.md describes it: php-fpm started with that file (only its paths moved to a temp
 * dir and its socket owner and group to this machine's), a worker that finds the shipped helper
 * on the pool's include_path, a message sent through fpm-jms and the worker's reply received.
 */
class SamplePoolIT {
    private static final Path SAMPLE = Path.of("..", "php", "fpm-jms-pool.conf");

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void theSamplePoolServesAWorkerThatFindsTheHelperOnTheIncludePath() throws Exception {
        Path helper = Files.createDirectories(dir.resolve("helper"));
        try (InputStream in = Objects.requireNonNull(getClass().getClassLoader()
                .getResourceAsStream(EmbeddedPhpFpm.SCRIPTS_RESOURCE_DIR + "fpmjms.php"))) {
            Files.copy(in, helper.resolve("fpmjms.php"));
        }
        Path worker = Files.createDirectories(dir.resolve("app")).resolve("worker.php");
        Files.writeString(worker, """
                <?php
                declare(strict_types=1);
                require_once 'fpmjms.php';
                $request = FpmJms\\Request::fromGlobals();
                FpmJms\\Reply::text(strtoupper((string) $request->text()))
                    ->property('environment', getenv('SAMPLE_POOL_MARKER') === false ? 'clean' : 'inherited')
                    ->send();
                """);
        // A pool running as www-data (under root) must be able to read the scripts.
        for (Path p : new Path[] {dir, helper, worker.getParent()}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path socket = dir.resolve("fpm-jms.sock");
        Process fpm = startPhpFpm(samplePool(helper));
        try {
            awaitSocket(socket, fpm);
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)),
                    "listen.mode 0660: only the owner and the group may connect");

            FpmConnectionFactory factory = new FpmConnectionFactory(FpmConfig.builder()
                    .name("sample-pool-" + UUID.randomUUID())
                    .route(FpmRoute.builder("mail").endpoint("unix:" + socket).script(worker.toString())
                            .maxInFlight(2).readTimeout(Duration.ofSeconds(30)).build())
                    .build());
            try (JMSContext context = factory.createContext()) {
                Queue mail = context.createQueue("mail");
                context.createProducer().send(mail, "hello");
                Message reply = context.createConsumer(mail).receive(TimeUnit.SECONDS.toMillis(30));

                assertNotNull(reply, "a reply within 30 s; php-fpm log: " + log());
                assertEquals("HELLO", reply.getBody(String.class));
                assertEquals(200, reply.getIntProperty("JMS_FPM_STATUS"));
                assertEquals("clean", reply.getStringProperty("environment"), "clear_env = yes");
            } finally {
                factory.shutdown();
            }
        } finally {
            fpm.destroy();
            if (!fpm.waitFor(20, TimeUnit.SECONDS)) {
                fpm.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** The sample with its paths in the temp dir, the socket owned by this user and group. */
    private Path samplePool(Path helper) throws IOException {
        PosixFileAttributes me = Files.readAttributes(dir, PosixFileAttributes.class);
        String pool = Files.readString(SAMPLE)
                .replace("/run/php/", dir + "/")
                .replace("/var/log/", dir + "/")
                .replace("/opt/fpm-jms/php", helper.toString())
                .replaceAll("(?m)^listen\\.owner = .*$", "listen.owner = " + me.owner().getName())
                .replaceAll("(?m)^listen\\.group = .*$", "listen.group = " + me.group().getName());
        if (!RunningUser.isRoot()) {
            pool = pool.replaceAll("(?m)^(user|group) = .*$", ""); // php-fpm only switches users as root
        }
        Path conf = dir.resolve("php-fpm.conf");
        Files.writeString(conf, "[global]\npid = " + dir.resolve("php-fpm.pid") + "\nerror_log = " + dir.resolve("php-fpm.log")
                + "\ndaemonize = no\n\n" + pool);
        return conf;
    }

    private Process startPhpFpm(Path conf) throws IOException {
        ProcessBuilder b = new ProcessBuilder(PhpFpmBinary.locate(null).toString(), "-n", "-F", "-y", conf.toString());
        b.environment().put("SAMPLE_POOL_MARKER", "php-fpm's own environment"); // clear_env keeps it from workers
        return b.redirectErrorStream(true)
                .redirectOutput(dir.resolve("php-fpm.out").toFile())
                .start();
    }

    private void awaitSocket(Path socket, Process fpm) throws IOException {
        Await.until(() -> "php-fpm made its socket (" + logOrWhy() + ")", Duration.ofSeconds(20), () -> {
            assertTrue(fpm.isAlive(), "php-fpm exited (" + log() + ")");
            return Files.exists(socket);
        });
    }

    private String logOrWhy() {
        try {
            return log();
        } catch (IOException e) {
            return "no log: " + e;
        }
    }

    private String log() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"php-fpm.log", "php-fpm.out"}) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                sb.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }
}
