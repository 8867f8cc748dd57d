package dev.fpmjms.faults;

import dev.fpmjms.config.EmbeddedFpmSettings;
import dev.fpmjms.config.FpmRoute;
import dev.fpmjms.fpm.EmbeddedPhpFpm;
import dev.fpmjms.health.FpmHealthCheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fault-test worker {@code php/faults/recorder.php} on an embedded php-fpm, and what it wrote:
 * one line per run of a message ({@link #runs}) and one per run that did the work
 * ({@link #done}). The worker appends under {@code flock}, so reading between writes sees whole
 * lines only. Not thread-safe for {@link #close()}; the readers may be called from any thread.
 */
final class Recorder implements AutoCloseable {
    private final EmbeddedPhpFpm fpm;
    private final Path dir;
    private final Path script;

    private Recorder(EmbeddedPhpFpm fpm, Path dir, Path script) {
        this.fpm = fpm;
        this.dir = dir;
        this.script = script;
    }

    /** Starts php-fpm with {@code settings} and installs the worker. */
    static Recorder start(EmbeddedFpmSettings settings) {
        EmbeddedPhpFpm fpm = new EmbeddedPhpFpm(settings).start();
        try (InputStream in = Recorder.class.getResourceAsStream("/php/faults/recorder.php")) {
            if (in == null) {
                throw new IllegalStateException("test resource /php/faults/recorder.php is missing");
            }
            Path script = fpm.installScript("recorder.php", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            // Workers run as another user than a root JVM (nobody): they must write here.
            Path dir = Files.createTempDirectory("fpmjms-faults-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.createDirectories(dir.resolve("attempts"));
            Files.setPosixFilePermissions(dir.resolve("attempts"), PosixFilePermissions.fromString("rwxrwxrwx"));
            return new Recorder(fpm, dir, script);
        } catch (IOException e) {
            fpm.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            fpm.close();
            throw e;
        }
    }

    EmbeddedPhpFpm fpm() {
        return fpm;
    }

    /** A route to this worker: its socket, its script, FAULTS_DIR as a route param. */
    FpmRoute.Builder route(String queue) {
        return FpmRoute.builder(queue).endpoint(fpm.endpointString()).script(script.toString())
                .param("FAULTS_DIR", dir.toString());
    }

    /**
     * php-fpm's state for a diagnostic dump: the status page (asked for with a 2 s timeout; it
     * needs a free child) and each child's scheduler state and wait channel from /proc.
     */
    String status() {
        StringBuilder b = new StringBuilder(FpmHealthCheck.check(fpm.endpoint(), fpm.statusPath(), Duration.ofSeconds(2),
                Clock.systemUTC()).toString());
        try {
            ProcessHandle.of(fpm.pid()).ifPresent(master -> master.children().forEach(child -> {
                b.append("; child ").append(child.pid());
                try {
                    String stat = Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat"));
                    b.append(" state ").append(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0])
                            .append(" wchan ").append(Files.readString(Path.of("/proc", Long.toString(child.pid()), "wchan")));
                } catch (IOException | RuntimeException e) {
                    b.append(" (").append(e).append(')');
                }
            }));
        } catch (RuntimeException e) {
            b.append("; children unknown: ").append(e);
        }
        return b.toString();
    }

    /** Message id to the number of runs that did the work (wrote their done line). */
    Map<String, Integer> done() {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines(dir.resolve("done.log"))) {
            counts.merge(line.substring(0, line.lastIndexOf(' ')), 1, Integer::sum);
        }
        return counts;
    }

    /** Lines written to done.log so far. */
    int doneLines() {
        return lines(dir.resolve("done.log")).size();
    }

    /** The runs of one message, oldest first: what PHP saw each time. */
    List<Run> runs(String messageId) {
        return lines(dir.resolve("attempts").resolve(md5(messageId))).stream().map(Run::parse).toList();
    }

    /** One run of a message as the worker saw it. */
    record Run(int deliveryCount, boolean redelivered, long pid) {
        static Run parse(String line) {
            String[] f = line.split(" ");
            return new Run(Integer.parseInt(f[0]), f[1].equals("1"), Long.parseLong(f[2]));
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        fpm.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
